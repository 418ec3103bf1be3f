package dev.gameday.canary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.history.HistoryReader;
import dev.gameday.history.HistoryWriter;
import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

class HistoryRecorderTest {
    @TempDir
    Path dir;

    @Test
    void recordsInvokeAndCompletionPairsThatReadBack() throws Exception {
        Path file = dir.resolve("history.edn");
        List<Op> seen = new ArrayList<>();
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        Map<String, Object> where = Map.of("az", "az1", "endpoint", "az1-router-1", "node", "az1-router-1");
        try (HistoryWriter writer = new HistoryWriter(file)) {
            HistoryRecorder recorder = new HistoryRecorder(writer, List.of(seen::add), clock::get);
            clock.addAndGet(5_000_000);
            recorder.record(0, "write", "r1", 3L, where, () -> {
                clock.addAndGet(7_000_000);
                return 3L;
            });
            recorder.record(1, "cas", "r1", List.of(1L, 2L), where, () -> {
                clock.addAndGet(2_000_000);
                throw ConditionalCheckFailedException.builder()
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ConditionalCheckFailedException")
                                .build())
                        .build();
            });
            recorder.record(2, "read", "r1", null, where, () -> {
                throw new java.io.IOException("connection reset");
            });
        }
        List<Op> history = HistoryReader.read(file);
        assertEquals(seen, history, "listeners see exactly what is written");
        assertEquals(
                List.of(0L, 1L, 2L, 3L, 4L, 5L), history.stream().map(Op::index).toList());
        assertEquals(
                List.of(OpType.INVOKE, OpType.OK, OpType.INVOKE, OpType.FAIL, OpType.INVOKE, OpType.INFO),
                history.stream().map(Op::type).toList());

        Op write = history.get(1);
        assertEquals(5_000_000L, history.get(0).timeNanos(), "time is relative to the recorder's start");
        assertEquals(12_000_000L, write.timeNanos());
        assertEquals(7L, write.extra().get("latency-ms"));
        assertEquals("az1", write.extra().get("az"));
        assertEquals("az1-router-1", write.extra().get("endpoint"));
        assertNull(write.extra().get("error"));

        Op cas = history.get(3);
        assertEquals(List.of(1L, 2L), cas.value(), "a failed op keeps what it attempted");
        assertEquals("ConditionalCheckFailedException", cas.extra().get("error"));
        assertEquals(2L, cas.extra().get("latency-ms"));

        assertEquals("IOException", history.get(5).extra().get("error"));
    }

    @Test
    void timesNeverGoBackwards() throws Exception {
        Path file = dir.resolve("threads.edn");
        try (HistoryWriter writer = new HistoryWriter(file)) {
            HistoryRecorder recorder = new HistoryRecorder(writer, List.of());
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long process = t;
                threads.add(new Thread(() -> {
                    for (int i = 0; i < 200; i++) {
                        recorder.record(process, "write", "k" + process, (long) i, Map.of(), () -> null);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
        }
        List<Op> history = HistoryReader.read(file);
        assertEquals(1600, history.size());
        for (int i = 1; i < history.size(); i++) {
            assertEquals(i, history.get(i).index());
            assertTrue(history.get(i).timeNanos() >= history.get(i - 1).timeNanos(), "at " + i);
        }
    }

    @Test
    void completingACompletionIsABug() throws Exception {
        try (HistoryWriter writer = new HistoryWriter(dir.resolve("bug.edn"))) {
            HistoryRecorder recorder = new HistoryRecorder(writer, List.of());
            Op ok = recorder.record(0, "read", "k", null, Map.of(), () -> 1L);
            assertThrows(IllegalArgumentException.class, () -> recorder.complete(ok, OpType.OK, 1L, null));
        }
    }
}
