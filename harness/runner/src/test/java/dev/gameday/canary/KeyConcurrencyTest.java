package dev.gameday.canary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.history.OpType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyConcurrencyTest {
    private static final RegisterKeys KEYS = RegisterKeys.plain(2);
    private static final Command UNIQUE = new Command("write", "u-test-0", 0L, 10);

    private static Command write(String key) {
        return new Command("write", key, 3L, 10);
    }

    @Test
    void aFullKeySendsTheSameOpToTheNextKeyWithRoomThenOverflows() {
        KeyConcurrency cap = new KeyConcurrency(KEYS, 2);
        assertEquals(write("r0"), cap.admit(write("r0"), () -> UNIQUE));
        assertEquals(write("r0"), cap.admit(write("r0"), () -> UNIQUE));
        Command cas = new Command("cas", "r0", List.of(1L, 2L), 10);
        assertEquals(new Command("cas", "r1", List.of(1L, 2L), 10), cap.admit(cas, () -> UNIQUE));
        assertEquals(write("r1"), cap.admit(write("r0"), () -> UNIQUE));
        assertEquals(UNIQUE, cap.admit(write("r1"), () -> UNIQUE));
        assertEquals(2, cap.inFlight("r0"));
        assertEquals(2, cap.inFlight("r1"));

        cap.release(write("r0"));
        assertEquals(write("r0"), cap.admit(write("r1"), () -> UNIQUE));
    }

    @Test
    void whileWritesAreHeldAReadGoesOverTheCapRatherThanBecomingAWrite() {
        KeyConcurrency cap = new KeyConcurrency(KEYS, 1);
        Command read = new Command("read", "r0", null, 0);
        cap.admit(read, null);
        cap.admit(read, null);
        assertEquals(read, cap.admit(read, null));
        assertEquals(2, cap.inFlight("r0"));
        assertEquals(1, cap.inFlight("r1"));
    }

    @Test
    void uniqueWritesAreNotCounted() {
        KeyConcurrency cap = new KeyConcurrency(KEYS, 1);
        assertEquals(UNIQUE, cap.admit(UNIQUE, () -> write("r0")));
        assertEquals(0, cap.inFlight(UNIQUE.key()));
    }

    /** A stalled store: 32 workers whose calls all hang, all drawing r0. No key ever has more than the cap. */
    @Test
    void callsPilingUpInAStallStayWithinTheCapPerKey() throws Exception {
        KeyConcurrency cap = new KeyConcurrency(KEYS, 8);
        Map<String, AtomicInteger> now = new ConcurrentHashMap<>();
        Map<String, Integer> most = new ConcurrentHashMap<>();
        AtomicInteger unique = new AtomicInteger();
        CanaryLoop loop = new CanaryLoop(
                "stall", new CanaryLoop.Limits(2000, 400, Duration.ofSeconds(5), 32), new ProcessIds(), process -> {
                    Command command = cap.admit(write("r0"), () -> UNIQUE);
                    try {
                        if (command == UNIQUE) {
                            unique.incrementAndGet();
                        } else {
                            int n = now.computeIfAbsent(command.key(), k -> new AtomicInteger())
                                    .incrementAndGet();
                            most.merge(command.key(), n, Math::max);
                            Thread.sleep(20);
                            now.get(command.key()).decrementAndGet();
                        }
                        return OpType.OK;
                    } finally {
                        cap.release(command);
                    }
                });
        loop.run();
        most.forEach((key, n) -> assertTrue(n <= 8, key + " had " + n + " ops in flight"));
        // Only once both keys were full does an op overflow: the cap was reached, not just never approached.
        assertTrue(unique.get() > 0, "the overflow went to unique writes: " + most);
    }
}
