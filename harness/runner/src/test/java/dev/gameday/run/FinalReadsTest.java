package dev.gameday.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.canary.HistoryRecorder;
import dev.gameday.canary.ProcessIds;
import dev.gameday.history.HistoryWriter;
import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import dev.gameday.metrics.RunListener;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinalReadsTest {
    @TempDir
    Path dir;

    @Test
    void readsEachEndpointInTurnUntilOneCompletes() throws Exception {
        List<Op> seen = new ArrayList<>();
        try (HistoryWriter writer = new HistoryWriter(dir.resolve("history.edn"))) {
            HistoryRecorder recorder = new HistoryRecorder(writer, List.<Consumer<Op>>of(seen::add), RunListener.NONE);
            boolean read = FinalReads.untilOneCompletes(
                    recorder,
                    new ProcessIds(),
                    List.of(
                            new FinalReads.Path("az1-router-1", "az1", FinalReadsTest::timesOut),
                            new FinalReads.Path("az2-router-1", "az2", () -> Map.of("r1", 3L)),
                            new FinalReads.Path("az3-router-1", "az3", () -> Map.of("r1", 3L))));
            assertTrue(read);
        }
        List<Op> completions =
                seen.stream().filter(op -> op.type() != OpType.INVOKE).toList();
        assertEquals(
                List.of(OpType.INFO, OpType.OK),
                completions.stream().map(Op::type).toList());
        assertEquals("az2-router-1", completions.get(1).extra().get("endpoint"), "stops at the first that completes");
        assertTrue(seen.stream().allMatch(op -> op.f().equals("final-read")));
    }

    @Test
    void givesUpAfterItsRoundsWhenNoEndpointAnswers() throws Exception {
        List<Op> seen = new ArrayList<>();
        try (HistoryWriter writer = new HistoryWriter(dir.resolve("history.edn"))) {
            HistoryRecorder recorder = new HistoryRecorder(writer, List.<Consumer<Op>>of(seen::add), RunListener.NONE);
            boolean read = FinalReads.untilOneCompletes(
                    recorder,
                    new ProcessIds(),
                    List.of(
                            new FinalReads.Path("az1-router-1", "az1", FinalReadsTest::timesOut),
                            new FinalReads.Path("az2-router-1", "az2", FinalReadsTest::timesOut)));
            assertFalse(read);
        }
        assertEquals(
                2 * FinalReads.ROUNDS,
                seen.stream().filter(op -> op.type() == OpType.INFO).count());
    }

    private static Object timesOut() throws Exception {
        throw new SocketTimeoutException("read timed out");
    }
}
