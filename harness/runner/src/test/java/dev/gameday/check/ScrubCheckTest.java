package dev.gameday.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gameday.report.ScrubSummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A system that repairs must repair; one that leaves repairs to its operator (etcd) must detect, and nothing else. */
class ScrubCheckTest {

    private static List<String> failures(ScrubSummary scrub) {
        return new ScrubCheck()
                .check(new RunFacts(List.of(), scrub, List.of(), Duration.ZERO, null, Map.of(), null, List.of()))
                .failures();
    }

    private static ScrubSummary scrub(long detected, boolean clean, boolean detectOnly) {
        return new ScrubSummary(
                1, 1, 1, detected, 0, clean, List.of("az2-etcd-1: not serving"), List.of(), detectOnly, List.of());
    }

    @Test
    void aRepairingSystemFailsWhatItDidNotRepair() {
        assertEquals(List.of("scrub: repaired 0 of 1 injected corruption(s)"), failures(scrub(1, true, false)));
    }

    @Test
    void aDetectOnlySystemPassesWhenItNamedTheCorruptedMemberAndNothingElse() {
        assertEquals(List.of(), failures(scrub(1, true, true)));
        assertEquals(List.of("scrub: detected 0 of 1 injected corruption(s)"), failures(scrub(0, true, true)));
        assertEquals(
                List.of("scrub: wrong beyond the corruptions detected: az2-etcd-1: not serving"),
                failures(scrub(1, false, true)));
    }

    @Test
    void aStorageIncidentNoFaultExplainsFailsACleanScrub() {
        String incident = "item-store incident in data-0 on az2-storage-1: checksum differs from archive reference";
        ScrubSummary repairedByItself =
                new ScrubSummary(4, 0, 0, 0, 0, true, List.of(), List.of(), false, List.of(incident));
        assertEquals(
                List.of("scrub: 1 storage incident(s) that no injected fault explains: " + incident),
                failures(repairedByItself));
    }
}
