package dev.gameday.canary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.history.HistoryReader;
import dev.gameday.history.HistoryWriter;
import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop against a real in-process target: a counter behind a real recorder and history file. */
class CanaryLoopTest {
    @TempDir
    Path dir;

    @Test
    void stopsAtMaxOpsAndRecordsEveryOp() throws Exception {
        Path file = dir.resolve("history.edn");
        AtomicLong counter = new AtomicLong();
        CanaryLoop.Result result;
        try (HistoryWriter writer = new HistoryWriter(file)) {
            HistoryRecorder recorder = new HistoryRecorder(writer, List.of());
            CanaryOp increment = process -> recorder.record(
                            process, "add", "counter", 1L, Map.of("az", "az1"), counter::incrementAndGet)
                    .type();
            result = new CanaryLoop(
                            "count",
                            new CanaryLoop.Limits(2000, 50, Duration.ofSeconds(20), 3),
                            new ProcessIds(),
                            increment)
                    .run();
        }
        assertEquals(50, result.started());
        assertEquals(50, result.completed());
        assertEquals(50, counter.get());
        assertFalse(result.stopped());
        List<Op> history = HistoryReader.read(file);
        assertEquals(100, history.size());
        assertEquals(50, history.stream().filter(op -> op.type() == OpType.OK).count());
    }

    @Test
    void stopsAtMaxDurationAndKeepsTheRate() throws Exception {
        AtomicLong counter = new AtomicLong();
        CanaryLoop.Result result = new CanaryLoop(
                        "rate",
                        new CanaryLoop.Limits(100, 1_000_000, Duration.ofMillis(500), 2),
                        new ProcessIds(),
                        process -> {
                            counter.incrementAndGet();
                            return OpType.OK;
                        })
                .run();
        // 100 ops/s for 0.5 s is 50 slots: never more; a busy shared machine may skip some.
        assertTrue(result.started() <= 50 && result.started() >= 15, "started " + result.started());
        assertEquals(result.started(), counter.get());
        assertTrue(result.elapsed().toMillis() < 5_000, "elapsed " + result.elapsed());
    }

    @Test
    void takesANewProcessAfterAnIndeterminateOp() throws Exception {
        Set<Long> processes = ConcurrentHashMap.newKeySet();
        AtomicLong calls = new AtomicLong();
        new CanaryLoop("info", new CanaryLoop.Limits(1000, 6, Duration.ofSeconds(10), 1), new ProcessIds(), process -> {
                    processes.add(process);
                    return calls.incrementAndGet() % 2 == 0 ? OpType.INFO : OpType.OK;
                })
                .run();
        // ok, info | ok, info | ok, info: three processes.
        assertEquals(Set.of(0L, 1L, 2L), processes);
    }

    @Test
    void stopEndsABlockedLoopEarly() throws Exception {
        CountDownLatch firstOp = new CountDownLatch(1);
        CanaryLoop loop = new CanaryLoop(
                "stop", new CanaryLoop.Limits(1, 1_000, Duration.ofMinutes(5), 1), new ProcessIds(), process -> {
                    firstOp.countDown();
                    return OpType.OK;
                });
        Thread stopper = new Thread(() -> {
            try {
                firstOp.await(10, TimeUnit.SECONDS);
                loop.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();
        long t0 = System.nanoTime();
        CanaryLoop.Result result = loop.run();
        stopper.join();
        assertTrue(result.stopped());
        assertEquals(1, result.started(), "the second slot is a second away and must not start");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void aBugInAnOpStopsTheLoopAndSurfaces() {
        IllegalStateException bug = new IllegalStateException("bug in op");
        CanaryLoop loop = new CanaryLoop(
                "bug", new CanaryLoop.Limits(1000, 100, Duration.ofSeconds(10), 2), new ProcessIds(), process -> {
                    throw bug;
                });
        assertSame(bug, assertThrows(IllegalStateException.class, loop::run));
    }
}
