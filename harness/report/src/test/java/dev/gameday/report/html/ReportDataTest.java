package dev.gameday.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.history.HistoryReader;
import dev.gameday.history.Op;
import dev.gameday.report.html.ReportData.CorruptionVerdictView;
import dev.gameday.report.html.ReportData.CounterexampleView;
import dev.gameday.report.html.ReportData.FaultView;
import dev.gameday.report.html.ReportData.LaneOp;
import dev.gameday.report.html.ReportData.LostWriteView;
import dev.gameday.report.html.ReportData.ScrubView;
import dev.gameday.report.html.ReportData.SeriesView;
import dev.gameday.report.html.ReportData.Timeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The numbers behind report.html, from histories, logs and results small enough to check by hand. */
class ReportDataTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Two series; az1's second second has a timeout, a conditional-check failure (a success) and a fast read. */
    private static final String HISTORY = """
            {:index 0, :time 100000000, :process 0, :type :invoke, :f :write, :key "k1", :value 1, :az "az1", :endpoint "r1"}
            {:index 1, :time 110000000, :process 0, :type :ok, :f :write, :key "k1", :value 1, :az "az1", :endpoint "r1", :latency-ms 10}
            {:index 2, :time 200000000, :process 1, :type :invoke, :f :read, :key "k1", :value nil, :az "az2", :endpoint "r1"}
            {:index 3, :time 230000000, :process 1, :type :ok, :f :read, :key "k1", :value 1, :az "az2", :endpoint "r1", :latency-ms 30}
            {:index 4, :time 1100000000, :process 0, :type :invoke, :f :read, :key "k1", :value nil, :az "az1", :endpoint "r1"}
            {:index 5, :time 1200000000, :process -1, :type :invoke, :f :start-pause, :value nil, :fault 1}
            {:index 6, :time 1500000000, :process 2, :type :invoke, :f :cas, :key "k1", :value [0 1], :az "az1", :endpoint "r1"}
            {:index 7, :time 1504000000, :process 2, :type :fail, :f :cas, :key "k1", :value [0 1], :az "az1", :endpoint "r1", :error "ConditionalCheckFailedException"}
            {:index 8, :time 1600000000, :process 3, :type :invoke, :f :read, :key "k2", :value nil, :az "az1", :endpoint "r1"}
            {:index 9, :time 1602000000, :process 3, :type :ok, :f :read, :key "k2", :value nil, :az "az1", :endpoint "r1"}
            {:index 10, :time 2100000000, :process 0, :type :info, :f :read, :key "k1", :value nil, :az "az1", :endpoint "r1", :error "timeout"}
            {:index 11, :time 2200000000, :process 4, :type :invoke, :f :final-read, :value nil, :az "az1", :endpoint "r1"}
            {:index 12, :time 2300000000, :process 4, :type :ok, :f :final-read, :value {}, :az "az1", :endpoint "r1"}
            """.replace(":process -1", ":process :nemesis");

    @Test
    void bucketsCountEachOpInTheSecondItWasInvoked() throws Exception {
        Timeline timeline = LatencyBuckets.of(HistoryReader.parse(HISTORY), List.of(), 1800);

        assertEquals(List.of(0.0, 1.0, 2.0), timeline.bucketStarts());
        assertEquals(List.of("cas", "read", "write"), timeline.operations());
        assertEquals(2, timeline.series().size());
        SeriesView az1 = timeline.series().get(0);
        assertEquals("az1", az1.az());
        assertEquals(List.of(1L, 3L, 0L), az1.requests());
        // The timed-out read is the only error: a failed condition is a right answer.
        assertEquals(List.of(0L, 1L, 0L), az1.errors());
        assertEquals(0.6667, az1.successRatio().get(1));
        assertNull(az1.successRatio().get(2), "a second without requests has no ratio");
        // Latencies of second 1: 4 ms (cas), 2 ms (read), 1000 ms (timeout); nearest rank.
        assertEquals(4.0, az1.p50Ms().get(1));
        assertEquals(1000.0, az1.p99Ms().get(1));
        assertEquals(1000.0, az1.maxMs().get(1));
        assertEquals(List.of(0.0, 1.0, 0.0), az1.throughput().get("cas"));
        assertEquals(List.of(0.0, 2.0, 0.0), az1.throughput().get("read"));
        assertEquals(10.0, az1.p50Ms().get(0));
        assertEquals(List.of(1L, 0L, 0L), timeline.series().get(1).requests());
    }

    @Test
    void longRunsMergeQuietSecondsButKeepErrorsAndFaultEdges() {
        BitSet kept = new BitSet();
        kept.set(4);
        // 10 s, at most 4 buckets: quiet seconds merge up to 3 at a time; second 4 stays alone.
        List<int[]> buckets = LatencyBuckets.buckets(10, kept, 4);
        assertEquals(
                "[0,3) [3,4) [4,5) [5,8) [8,10)",
                buckets.stream()
                        .map(b -> "[" + b[0] + "," + b[1] + ")")
                        .reduce((a, b) -> a + " " + b)
                        .orElseThrow());
        assertEquals(10, LatencyBuckets.buckets(10, new BitSet(), 1800).size(), "short runs keep 1 s buckets");
    }

    @Test
    void aFaultEdgePastTheLastOpIsNoError() throws Exception {
        // A run stopped before a fault was injected keeps the fault's planned end, after the history's end.
        Timeline timeline = LatencyBuckets.of(HistoryReader.parse(HISTORY), List.of(1.2, 119.5, 2.9), 1);

        assertEquals(List.of(0.0, 1.0, 2.0), timeline.bucketStarts());
    }

    @Test
    void faultWindowsComeFromNemesisLogAndTheirRowsFromResults() throws Exception {
        List<NemesisLogEvents.Event> events = NemesisLogEvents.parse(List.of(
                "# seed 11, time scale 1.0, 3 fault(s), run 5m",
                "# plan #1 power-off of node az1-storage-1 [az1-storage-1] from +30s to +1m30s (faults)",
                "+    30.013s START  #1 power-off of node az1-storage-1 [az1-storage-1]",
                "+    40.000s START  #2 link all-to-router [latency, timeout] of az az2 [az2-storage-1]",
                "             #2 latency 200ms on az2-storage-1 -> az2-router-1",
                "+    90.021s END    #1 power-off of node az1-storage-1 [az1-storage-1]",
                "+    95.500s WAIT   #3 for the steady state: az1-storage-1 behind",
                "+   100.000s FAILED #3 pause of az az3 [az3-storage-1] inject: no such container",
                "+   120.000s ABORT success ratio below 0.5 in az2: healing active faults, skipping the rest"));
        JsonNode faults = JSON.readTree("""
                [{"id": 1, "type": "power-off", "what": "power-off", "target": "node az1-storage-1",
                  "nodes": ["az1-storage-1"], "changes": [], "startedAt": 30.013, "healedAt": 90.021, "error": null},
                 {"id": 2, "type": "link", "what": "link all-to-router [latency, timeout]", "target": "az az2",
                  "nodes": ["az2-storage-1"], "changes": ["latency 200ms"], "startedAt": 40, "healedAt": null},
                 {"id": 3, "type": "pause", "what": "pause", "target": "az az3", "nodes": [],
                  "startedAt": 100, "healedAt": null, "error": "inject failed: no such container"}]""");

        FaultTimeline timeline = FaultTimeline.of(events, faults, 300);

        List<FaultView> views = timeline.faults();
        assertEquals(3, views.size());
        assertEquals(30.013, views.get(0).start());
        assertEquals(90.021, views.get(0).end());
        assertTrue(views.get(0).healed());
        assertFalse(views.get(1).healed());
        assertEquals(300.0, views.get(1).end(), "never healed: active to the run's end");
        assertEquals(
                List.of("link all-to-router [latency, timeout] · az az2"),
                views.get(1).rows());
        assertEquals(List.of("pause · az az3"), views.get(2).rows(), "a fault that hit no node: its target's row");
        assertEquals("node az1-storage-1", timeline.rows().get(0).name());
        assertEquals(1, timeline.stops().size());
        assertEquals(120.0, timeline.stops().get(0).at());
        assertTrue(timeline.stops().get(0).reason().startsWith("success ratio below 0.5 in az2"));
    }

    @Test
    void withoutNemesisLogTheWindowsComeFromResults() throws Exception {
        JsonNode faults = JSON.readTree("""
                [{"id": 4, "type": "corrupt", "what": "corrupt flip-bits in archive (live)", "target": "archive",
                  "nodes": [], "changes": ["segment 3 offset 10 length 4"], "startedAt": 12.5, "healedAt": 12.5}]""");
        FaultView corrupt = FaultTimeline.of(List.of(), faults, 60).faults().get(0);
        assertEquals(12.5, corrupt.start());
        assertEquals(12.5, corrupt.end());
        assertEquals(List.of("archive"), corrupt.rows());
    }

    @Test
    void lostWritesTellWhenAcknowledgedLastSeenAndFirstMissed() throws Exception {
        JsonNode lost = JSON.readTree("""
                [{"write": {"process": 3, "f": "write", "key": "k7", "outcome": "ok", "input": "\\"v9\\"",
                            "output": "\\"v9\\"", "invokeIndex": 40, "completeIndex": 41,
                            "invokeTime": 10000000000, "completeTime": 10020000000},
                  "finalValue": "\\"v8\\"",
                  "finalRead": {"process": 9, "f": "final-read", "outcome": "ok", "input": "nil", "invokeIndex": 900,
                                "completeIndex": 901, "invokeTime": 300000000000, "completeTime": 300100000000},
                  "lastSeenBy": {"process": 5, "f": "read", "key": "k7", "outcome": "ok", "input": "nil",
                                 "output": "\\"v9\\"", "invokeIndex": 60, "completeIndex": 61,
                                 "invokeTime": 20000000000, "completeTime": 20005000000},
                  "firstMissingFrom": {"process": 6, "f": "read", "key": "k7", "outcome": "ok", "input": "nil",
                                       "output": "\\"v8\\"", "invokeIndex": 80, "completeIndex": 81,
                                       "invokeTime": 31000000000, "completeTime": 31002000000}}]""");

        ReportData.LostWrites stories = LostWriteStories.of(lost);

        assertEquals(1, stories.total());
        LostWriteView w = stories.shown().get(0);
        assertEquals("k7", w.key());
        assertEquals("\"v9\"", w.value());
        assertEquals(10.02, w.acknowledgedAt());
        assertEquals(20.005, w.lastSeenAt());
        assertEquals(31.0, w.firstMissingAt());
        assertEquals("process 6 :read -> :ok \"v8\" (index 80)", w.firstMissingFrom());
        assertEquals(300.0, w.finalReadAt());
        assertNull(LostWriteStories.of(null), "no durability section: nothing to tell");
    }

    @Test
    void counterexampleLanesHoldTheKeysOpsPerProcessWithTheUnplaceableOneMarked() throws Exception {
        List<Op> history = HistoryReader.parse("""
                {:index 0, :time 1000000000, :process 0, :type :invoke, :f :write, :key "k", :value 1}
                {:index 1, :time 1100000000, :process 0, :type :ok, :f :write, :key "k", :value 1}
                {:index 2, :time 1200000000, :process 1, :type :invoke, :f :write, :key "k", :value 2}
                {:index 3, :time 1250000000, :process 2, :type :invoke, :f :read, :key "k", :value nil}
                {:index 4, :time 1260000000, :process 3, :type :invoke, :f :read, :key "other", :value nil}
                {:index 5, :time 1300000000, :process 1, :type :info, :f :write, :key "k", :value 2}
                {:index 6, :time 1400000000, :process 2, :type :ok, :f :read, :key "k", :value 3}
                {:index 7, :time 1410000000, :process 3, :type :ok, :f :read, :key "other", :value nil}
                {:index 8, :time 9000000000, :process 0, :type :invoke, :f :read, :key "k", :value nil}
                {:index 9, :time 9100000000, :process 0, :type :ok, :f :read, :key "k", :value 2}
                """);
        JsonNode counterexample = JSON.readTree("""
                {"key": "k", "stateAfterPrefix": "1",
                 "longestLinearizedPrefix": [{"process": 0, "f": "write", "key": "k", "outcome": "ok", "input": "1",
                                              "invokeIndex": 0, "completeIndex": 1}],
                 "unplaceable": {"process": 2, "f": "read", "key": "k", "outcome": "ok", "input": "nil", "output": "3",
                                 "invokeIndex": 3, "completeIndex": 6, "invokeTime": 1250000000, "completeTime": 1400000000},
                 "concurrent": [{"process": 1, "f": "write", "key": "k", "outcome": "info", "input": "2", "invokeIndex": 2}]}""");

        CounterexampleView view = CounterexampleLanes.of(counterexample, history);

        assertEquals("k", view.key());
        assertEquals(4, view.opsOnKey());
        assertEquals(1.0, view.from());
        assertEquals(
                List.of(0L, 1L, 2L),
                view.lanes().stream().map(ReportData.Lane::process).toList(),
                "the other key's process and the read long after are not drawn");
        LaneOp unknownWrite = view.lanes().get(1).ops().get(0);
        assertNull(unknownWrite.end(), "an :info op has no end");
        assertEquals("concurrent", unknownWrite.role());
        LaneOp read = view.lanes().get(2).ops().get(0);
        assertEquals("unplaceable", read.role());
        assertEquals("3", read.output());
        assertEquals(1.4, read.end());
        LaneOp firstWrite = view.lanes().get(0).ops().get(0);
        assertEquals("other", firstWrite.role(), "it completed before the unplaceable read began");
        assertEquals(1, firstWrite.prefixPosition(), "first in the checker's longest order");
        assertNull(read.prefixPosition());
        assertTrue(view.unplaceable().startsWith("process 2 :read nil -> :ok 3"));
    }

    @Test
    void theReproducingCommandNamesTheFileSeedScaleAndBugs() {
        assertEquals(
                "./gameday run experiments/az-power-off.yaml --seed 7 --time-scale 0.1 --store-bug ack-before-quorum",
                RunReport.reproduceCommand("az-power-off", 7, 0.1, List.of("ackBeforeQuorum")));
        assertEquals("2026-12-05T20:23:35Z", RunReport.startedAt("20261205T202335Z-2"));
        assertNull(RunReport.startedAt("latest"));
    }

    @Test
    void eachInjectedCorruptionShowsWhetherScrubDetectedAndRepairedIt(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("results.json"), """
                {"experiment": "bit-rot", "verdict": "fail", "reasons": ["scrub: 1 corruption not detected"], "seed": 1,
                 "timeScale": 1.0, "faults": [], "deliberateBugs": [],
                 "scrub": {"groupsChecked": 3, "mismatches": 1, "corruptionsInjected": 2, "corruptionsDetected": 1,
                           "repaired": 1, "clean": true, "problems": ["not detected: 8 bits flipped"],
                           "corruptions": [
                             {"faultId": 1, "change": "8 bits flipped in a.sst", "group": "data-1",
                              "node": "az2-storage-1", "detected": true, "repaired": true},
                             {"faultId": 2, "change": "truncated seg", "group": "data-0", "node": null,
                              "detected": false, "repaired": false}],
                           "unexplained": ["item-store incident in data-2 on az1-storage-1: checksum differs"]}}""");
        Files.writeString(run.resolve("history.edn"), "");

        ScrubView scrub = RunReport.read(run).scrub();

        assertEquals(
                List.of(
                        new CorruptionVerdictView(1, "8 bits flipped in a.sst", "data-1", "az2-storage-1", true, true),
                        new CorruptionVerdictView(2, "truncated seg", "data-0", null, false, false)),
                scrub.verdicts());
        assertEquals(List.of("item-store incident in data-2 on az1-storage-1: checksum differs"), scrub.unexplained());
    }
}
