package dev.gameday.canary;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Holds the canaries' writes for a while (a fault's {@code quietBefore}): while held, each write, cas or unique
 * write the generator draws is sent as a ConsistentRead of a register key instead, so traffic keeps its rate and
 * reads keep being checked, but no group commits anything new. Shared by the nemesis, which holds and releases,
 * and every canary loop, which asks on each call.
 *
 * <p>A canary decides what to send and records its invocation inside {@link #deciding}; {@link #hold} waits for the
 * decisions in progress, so every invocation recorded after {@code hold} returns was decided under the hold. Without
 * that, a write drawn just before the hold could be timestamped just after it, inside the quiet moment.
 */
public final class WriteHold {
    /** Decisions share the read lock; {@link #hold} takes the write lock, so it waits for them. */
    private final ReadWriteLock decisions = new ReentrantReadWriteLock();

    private volatile boolean held;

    /** Holds writes from now on; returns once no decision made before the hold is still being recorded. */
    public void hold() {
        decisions.writeLock().lock();
        try {
            held = true;
        } finally {
            decisions.writeLock().unlock();
        }
    }

    public void release() {
        held = false;
    }

    public boolean isHeld() {
        return held;
    }

    /**
     * Runs one canary decision: drawing the command (through {@link #apply}) and recording its invocation. It must
     * not block, since {@link #hold} waits for it; the call itself is made after it returns.
     */
    public <T> T deciding(Supplier<T> decision) {
        decisions.readLock().lock();
        try {
            return decision.get();
        } finally {
            decisions.readLock().unlock();
        }
    }

    /**
     * The command to send: {@code drawn} itself, or while writes are held a read of its key; a unique write becomes
     * a read of a register key instead, since only registers are checked for linearizability.
     */
    public Command apply(Command drawn, RegisterKeys registerKeys) {
        if (!held || drawn.f().equals("read")) {
            return drawn;
        }
        String key = drawn.key().startsWith(UniqueWrites.KEY_PREFIX)
                ? registerKeys.get(Math.floorMod(drawn.key().hashCode(), registerKeys.count()))
                : drawn.key();
        return new Command("read", key, null, 0);
    }
}
