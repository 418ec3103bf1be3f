package dev.gameday.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.experiment.CorruptionSpec.How;
import dev.gameday.experiment.CorruptionSpec.Where;
import dev.gameday.nemesis.Corruption;
import dev.gameday.report.ScrubSummary;
import dev.gameday.report.ScrubSummary.CorruptionVerdict;
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
        ScrubSummary r = ScrubVerdicts.judge(json(DIRTY.formatted("true")), json(CLEAN), List.of(SST, SEGMENT));
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
        ScrubSummary r =
                ScrubVerdicts.judge(json(DIRTY.formatted("false")), stillDirty, List.of(SST, SEGMENT, elsewhere));
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
}
