package dev.gameday.canary;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Caps how many canary ops are in flight on one hot register key at once, across every canary loop, as Jepsen's
 * independent-key generator gives each key only a few threads. Canary loops are open: when a group stalls (its
 * leader powered off), calls pile up until the new leader answers them all, and tens of mutually concurrent ops on
 * one key make that key's linearizability search exponential. A random-power-offs run with 4 hot keys had 46 ops
 * in flight on one key after a power-off, and the checker gave up on it after 8 million configurations. At canary
 * rates a key has about one op in flight, so the cap binds only in such stalls; traffic keeps its rate, since an
 * op that finds every hot key full is sent as a unique write through the same endpoint instead.
 */
public final class KeyConcurrency {
    /**
     * Ops in flight per hot key at most. The search on one key is bounded by about 2^N configurations per moment of
     * the history for N concurrent ops: 2^8 is nothing, 2^46 was out of reach. Eight ops on each of 4-6 keys still
     * put 32-48 register ops in flight through a stall, enough contention for a stale read to show.
     */
    public static final int MAX_IN_FLIGHT_PER_KEY = 8;

    private final RegisterKeys keys;
    private final int maxPerKey;
    private final Map<String, Integer> inFlight = new HashMap<>();

    public KeyConcurrency(RegisterKeys keys) {
        this(keys, MAX_IN_FLIGHT_PER_KEY);
    }

    KeyConcurrency(RegisterKeys keys, int maxPerKey) {
        this.keys = keys;
        this.maxPerKey = maxPerKey;
    }

    /**
     * The command to send in place of {@code drawn}, counted in flight until {@link #release}: {@code drawn} if its
     * key has room (or is not a hot key); else the same op on the next hot key that has room; else what
     * {@code overflow} gives (a unique write). While writes are held there is no overflow ({@code null}), and a read
     * goes over the cap: reads leave the register's value alone, so they do not multiply the search's states.
     */
    public synchronized Command admit(Command drawn, Supplier<Command> overflow) {
        int at = keys.names().indexOf(drawn.key());
        if (at < 0) {
            return drawn;
        }
        for (int i = 0; i < keys.count(); i++) {
            String key = keys.get((at + i) % keys.count());
            if (inFlight.getOrDefault(key, 0) < maxPerKey) {
                inFlight.merge(key, 1, Integer::sum);
                return key.equals(drawn.key())
                        ? drawn
                        : new Command(drawn.f(), key, drawn.value(), drawn.payloadBytes());
            }
        }
        if (overflow != null) {
            return overflow.get();
        }
        inFlight.merge(drawn.key(), 1, Integer::sum);
        return drawn;
    }

    /** The call that {@code admitted} (an answer of {@link #admit}) started has returned. */
    public synchronized void release(Command admitted) {
        inFlight.computeIfPresent(admitted.key(), (key, n) -> n == 1 ? null : n - 1);
    }

    /** Ops in flight on {@code key} now. */
    public synchronized int inFlight(String key) {
        return inFlight.getOrDefault(key, 0);
    }
}
