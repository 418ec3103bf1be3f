package dev.gameday.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.experiment.CorruptionSpec;
import dev.gameday.experiment.CorruptionSpec.How;
import dev.gameday.experiment.CorruptionSpec.Where;
import dev.gameday.experiment.DiskSpec;
import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.FaultType;
import dev.gameday.experiment.TargetSpec;
import dev.gameday.nemesis.Corruption;
import dev.gameday.nemesis.ExecutedFault;
import dev.gameday.report.ScrubSummary;
import dev.gameday.report.ScrubSummary.CorruptionVerdict;
import dev.gameday.schedule.PlannedFault;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scrub reports in the store's JSON format, judged against injected corruptions. */
class ScrubVerdictsTest {
    private static final Corruption SST =
            new Corruption(1, "az2-storage-1", "data-1", Where.ITEM_FILES, How.FLIP_BITS, "/x/000012.sst", 4096, 4096);
    private static final Corruption SEGMENT =
            new Corruption(2, null, "data-0", Where.ARCHIVE, How.TRUNCATE, "/a/1-10.seg", 100, 100);

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text.replace('\'', '"'));
    }

    private static final String DIRTY = """
      {'groups': [
         {'group': 'data-0', 'clean': false, 'problems': ['data-0: archive reference unavailable'], 'badReplicas': [], 'repaired': []},
         {'group': 'data-1', 'clean': false, 'problems': ['data-1: replica az2-storage-1 storage corrupt'],
          'badReplicas': ['az2-storage-1'], 'repaired': ['az2-storage-1']}],
       'incidents': [{'kind': 'archive', 'group': 'data-0', 'replica': null, 'repaired': %s}]}
      """;
    private static final String CLEAN = """
      {'groups': [{'group': 'data-0', 'clean': true, 'problems': [], 'badReplicas': [], 'repaired': []},
                  {'group': 'data-1', 'clean': true, 'problems': [], 'badReplicas': [], 'repaired': []}],
       'incidents': []}
      """;

    @Test
    void detectedAndRepairedCorruptionsWithACleanRescrubPass() throws Exception {
        ScrubSummary r =
                ScrubVerdicts.judge(json(DIRTY.formatted("true")), json(CLEAN), List.of(SST, SEGMENT), List.of());
        assertEquals(2, r.corruptionsInjected());
        assertEquals(2, r.corruptionsDetected());
        assertEquals(2, r.repaired());
        assertEquals(2, r.mismatches());
        assertTrue(r.clean(), r.problems().toString());
        assertEquals(
                List.of(
                        new CorruptionVerdict(SST.faultId(), SST.toString(), "data-1", "az2-storage-1", true, true),
                        new CorruptionVerdict(2, SEGMENT.toString(), "data-0", null, true, true)),
                r.corruptions());
    }

    @Test
    void anUnrepairedArchiveSegmentAndAMissedCorruptionAreNamed() throws Exception {
        Corruption elsewhere =
                new Corruption(3, "az3-storage-1", "data-1", Where.LOG_TAIL, How.ZERO_BLOCK, "/l/log", 0, 4096);
        JsonNode stillDirty = json(DIRTY.formatted("false"));
        ScrubSummary r = ScrubVerdicts.judge(
                json(DIRTY.formatted("false")), stillDirty, List.of(SST, SEGMENT, elsewhere), List.of());
        assertEquals(2, r.corruptionsDetected());
        assertEquals(0, r.repaired(), "groups still dirty: nothing counts as repaired");
        assertFalse(r.clean());
        assertTrue(
                r.problems().stream().anyMatch(p -> p.startsWith("not detected: 4096 bytes zeroed at offset 0")),
                r.problems().toString());
        assertTrue(
                r.problems().stream().anyMatch(p -> p.startsWith("detected but not repaired: truncated to 100 bytes")),
                r.problems().toString());
        assertEquals(
                List.of(true, true, false),
                r.corruptions().stream().map(CorruptionVerdict::detected).toList());
        assertEquals(
                List.of(false, false, false),
                r.corruptions().stream().map(CorruptionVerdict::repaired).toList(),
                "per corruption as in the totals");
    }

    /** A clean final scrub whose nodes reported these incidents ({@code kind group replica} each). */
    private static JsonNode cleanWithIncidents(String... incidents) throws Exception {
        StringBuilder list = new StringBuilder();
        for (String incident : incidents) {
            String[] part = incident.split(" ");
            String replica = part[2].equals("-") ? "null" : "'" + part[2] + "'";
            list.append(list.isEmpty() ? "" : ",")
                    .append("{'kind': '%s', 'group': '%s', 'replica': %s, 'repaired': true, 'detail': 'found'}"
                            .formatted(part[0], part[1], replica));
        }
        return json(CLEAN.replace("'incidents': []", "'incidents': [" + list + "]"));
    }

    private static ExecutedFault ran(FaultType type, String node, CorruptionSpec corrupt, DiskSpec disk) {
        FaultSpec spec = new FaultSpec(
                type,
                new TargetSpec(null, null, null, null),
                Duration.ZERO,
                Duration.ofSeconds(10),
                null,
                null,
                corrupt,
                null,
                disk,
                null);
        PlannedFault planned =
                new PlannedFault(1, "chaos", "e.yaml:9", spec, Duration.ZERO, Duration.ofSeconds(10), List.of(node));
        return new ExecutedFault(planned, List.of(node), List.of(), Duration.ZERO, Duration.ofSeconds(10), null);
    }

    private static List<String> unexplained(JsonNode report, List<Corruption> injected, ExecutedFault... executed) {
        return ScrubVerdicts.judge(report, report, injected, List.of(executed)).unexplained();
    }

    @Test
    void aDivergenceTheStoreRepairedByItselfWithNothingInjectedIsUnexplained() throws Exception {
        JsonNode report = cleanWithIncidents("item-store data-0 az2-storage-1", "item-store data-0 az2-storage-1");
        assertEquals(
                List.of("item-store incident in data-0 on az2-storage-1: found"),
                unexplained(report, List.of()),
                "one line per kind, group and replica");
        assertEquals(
                List.of("item-store incident in data-0 on az2-storage-1: found"),
                unexplained(report, List.of(), ran(FaultType.POWER_OFF, "az2-storage-1", null, null)),
                "a power loss leaves RocksDB a consistent prefix, the Raft log gives the rest");
        assertEquals(
                List.of(),
                unexplained(
                        cleanWithIncidents("item-store data-1 az2-storage-1", "archive data-0 -"),
                        List.of(SST, SEGMENT)),
                "injected corruptions explain their own incidents");
    }

    @Test
    void aTornRaftLogTailIsExplainedOnlyOnANodeThatWentDown() throws Exception {
        JsonNode report = cleanWithIncidents("raft-log data-2 az3-storage-1");
        CorruptionSpec atRest = new CorruptionSpec(Where.LOG_TAIL, How.ZERO_BLOCK, CorruptionSpec.When.AT_REST);
        assertEquals(List.of(), unexplained(report, List.of(), ran(FaultType.POWER_OFF, "az3-storage-1", null, null)));
        assertEquals(List.of(), unexplained(report, List.of(), ran(FaultType.CORRUPT, "az3-storage-1", atRest, null)));
        assertEquals(
                List.of("raft-log incident in data-2 on az3-storage-1: found"),
                unexplained(
                        report,
                        List.of(),
                        ran(FaultType.POWER_OFF, "az1-storage-1", null, null),
                        ran(FaultType.PAUSE, "az3-storage-1", null, null)),
                "another node's power-off and a pause explain nothing here");
    }

    @Test
    void aFailingDiskExplainsIncidentsOfTheFilesItFailedAndASlowOneNothing() throws Exception {
        JsonNode report = cleanWithIncidents("raft-log data-1 az1-storage-1", "item-store data-1 az1-storage-1");
        DiskSpec gate = new DiskSpec(DiskSpec.Kind.FSYNC_GATE, DiskSpec.Files.RAFT_LOG, null, null, null, null, null);
        DiskSpec slow =
                new DiskSpec(DiskSpec.Kind.SLOW, DiskSpec.Files.ALL, null, Duration.ofMillis(200), null, null, null);
        DiskSpec full = new DiskSpec(DiskSpec.Kind.FULL, null, null, null, null, null, "4MB");
        assertEquals(
                List.of("item-store incident in data-1 on az1-storage-1: found"),
                unexplained(report, List.of(), ran(FaultType.DISK, "az1-storage-1", null, gate)));
        assertEquals(
                2,
                unexplained(report, List.of(), ran(FaultType.DISK, "az1-storage-1", null, slow))
                        .size());
        assertEquals(List.of(), unexplained(report, List.of(), ran(FaultType.DISK, "az1-storage-1", null, full)));
    }
}
