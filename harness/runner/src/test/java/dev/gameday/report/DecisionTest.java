package dev.gameday.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.checker.Verdict;
import dev.gameday.checker.durability.DurabilityChecker;
import dev.gameday.checker.durability.DurabilityResult;
import dev.gameday.checker.linearizability.LinearizabilityChecker;
import dev.gameday.checker.linearizability.LinearizabilityResult;
import dev.gameday.checker.linearizability.Models;
import dev.gameday.checker.linearizability.SearchBudget;
import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.FaultType;
import dev.gameday.experiment.TargetSpec;
import dev.gameday.history.HistoryReader;
import dev.gameday.nemesis.ExecutedFault;
import dev.gameday.schedule.PlannedFault;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict function, fed by the real checkers run on small histories with and without violations. */
class DecisionTest {
    static final String DURABLE = """
            {:index 0, :time 0, :process 0, :type :invoke, :f :write, :key "u1", :value "a"}
            {:index 1, :time 1, :process 0, :type :ok, :f :write, :key "u1", :value "a"}
            {:index 2, :time 2, :process 1, :type :invoke, :f :final-read, :value nil}
            {:index 3, :time 3, :process 1, :type :ok, :f :final-read, :value {"u1" "a"}}
            """;
    static final String LINEARIZABLE = """
            {:index 0, :time 0, :process 0, :type :invoke, :f :write, :key "r", :value 1}
            {:index 1, :time 1, :process 0, :type :ok, :f :write, :key "r", :value 1}
            {:index 2, :time 2, :process 1, :type :invoke, :f :read, :key "r", :value nil}
            {:index 3, :time 3, :process 1, :type :ok, :f :read, :key "r", :value 1}
            """;

    static DurabilityResult durability(String history) throws Exception {
        return new DurabilityChecker().check(HistoryReader.parse(history));
    }

    static LinearizabilityResult linearizability(String history) throws Exception {
        return new LinearizabilityChecker(Models.byName("cas-register"), SearchBudget.withTimeLimit(Duration.ofSeconds(30)))
                .check(HistoryReader.parse(history));
    }

    static final ScrubReport CLEAN_SCRUB = new ScrubReport(12, 1, 1, 1, 1, true, List.of());
    static final HypothesisResult HELD = new HypothesisResult(true, List.of(), List.of());

    static ExecutedFault fault(boolean completed) {
        PlannedFault planned = new PlannedFault(1, "chaos", "schedule[0].faults[0]",
                new FaultSpec(FaultType.POWER_OFF, new TargetSpec(null, "az1", null, null), Duration.ofSeconds(10),
                        Duration.ofSeconds(30), null, null, null),
                Duration.ofSeconds(10), Duration.ofSeconds(40), List.of("az1-storage-1"));
        return completed
                ? new ExecutedFault(planned, planned.nodes(), List.of(), Duration.ofSeconds(10), Duration.ofSeconds(40), null)
                : new ExecutedFault(planned, planned.nodes(), List.of(), Duration.ofSeconds(10), null, "heal failed: docker");
    }

    private static VerdictInputs passing() throws Exception {
        return new VerdictInputs(durability(DURABLE), linearizability(LINEARIZABLE), CLEAN_SCRUB, HELD, null,
                List.of(fault(true)), List.of(), List.of());
    }

    @Test
    void passesOnlyWhenEverythingPassed() throws Exception {
        Decision d = Decision.of(passing());
        assertEquals(RunVerdict.PASS, d.verdict(), d.reasons().toString());
        assertTrue(d.reasons().isEmpty());
        assertEquals(0, d.verdict().exitCode());
    }

    @Test
    void aLostWriteFails() throws Exception {
        DurabilityResult lost = durability(DURABLE.replace("{\"u1\" \"a\"}", "{}"));
        assertEquals(Verdict.INVALID, lost.verdict());
        VerdictInputs p = passing();
        Decision d = Decision.of(new VerdictInputs(lost, p.linearizability(), p.scrub(), p.hypothesis(), null, p.faults(), List.of(), List.of()));
        assertEquals(RunVerdict.FAIL, d.verdict());
        assertEquals(List.of("durability: 1 acknowledged write(s) lost, 0 unexpected value(s) read"), d.reasons());
        assertEquals(1, d.verdict().exitCode());
    }

    @Test
    void aNonLinearizableReadFails() throws Exception {
        LinearizabilityResult stale = linearizability(LINEARIZABLE.replace(":type :ok, :f :read, :key \"r\", :value 1",
                ":type :ok, :f :read, :key \"r\", :value 2"));
        assertEquals(Verdict.INVALID, stale.verdict());
        VerdictInputs p = passing();
        Decision d = Decision.of(new VerdictInputs(p.durability(), stale, p.scrub(), p.hypothesis(), null, p.faults(), List.of(), List.of()));
        assertEquals(RunVerdict.FAIL, d.verdict());
        assertEquals(List.of("linearizability: key r is not linearizable"), d.reasons());
    }

    @Test
    void scrubThatMissesOrLeavesCorruptionFails() throws Exception {
        VerdictInputs p = passing();
        Decision missed = Decision.of(new VerdictInputs(p.durability(), p.linearizability(),
                new ScrubReport(12, 2, 3, 2, 3, true, List.of()), p.hypothesis(), null, p.faults(), List.of(), List.of()));
        assertEquals(List.of("scrub: detected 2 of 3 injected corruption(s)"), missed.reasons());
        Decision unrepaired = Decision.of(new VerdictInputs(p.durability(), p.linearizability(),
                new ScrubReport(12, 2, 2, 2, 1, true, List.of()), p.hypothesis(), null, p.faults(), List.of(), List.of()));
        assertEquals(List.of("scrub: repaired 1 of 2 injected corruption(s)"), unrepaired.reasons());
        Decision dirty = Decision.of(new VerdictInputs(p.durability(), p.linearizability(),
                new ScrubReport(12, 1, 0, 0, 0, false, List.of("data-1: replica az2-storage-1 checksum differs")),
                p.hypothesis(), null, p.faults(), List.of(), List.of()));
        assertEquals(List.of("scrub: not clean after repair: data-1: replica az2-storage-1 checksum differs"),
                dirty.reasons());
    }

    @Test
    void brokenSteadyStateAndStopConditionFail() throws Exception {
        VerdictInputs p = passing();
        HypothesisResult broken = new HypothesisResult(false, List.of("az1: ratio 0.9 < 0.99", "az2: ratio 0.9 < 0.99"),
                List.of());
        Decision d = Decision.of(new VerdictInputs(p.durability(), p.linearizability(), p.scrub(), broken,
                "stop condition: az1 success ratio 0.1 < 0.5", p.faults(), List.of(), List.of()));
        assertEquals(RunVerdict.FAIL, d.verdict());
        assertEquals(List.of("steady state: az1: ratio 0.9 < 0.99 (and 1 more)",
                "aborted: stop condition: az1 success ratio 0.1 < 0.5"), d.reasons());
    }

    @Test
    void missingOrInconclusivePartsAreUnknown() throws Exception {
        VerdictInputs p = passing();
        Decision d = Decision.of(new VerdictInputs(null, p.linearizability(), null, p.hypothesis(), null,
                List.of(fault(false)), List.of(), List.of()));
        assertEquals(RunVerdict.UNKNOWN, d.verdict());
        assertEquals(3, d.verdict().exitCode());
        assertEquals(List.of("durability: not checked", "scrub: no report",
                "fault #1 power-off: heal failed: docker"), d.reasons());
        DurabilityResult noFinalRead = durability(DURABLE.lines().limit(2).reduce("", (a, b) -> a + b + "\n"));
        assertEquals(Verdict.UNKNOWN, noFinalRead.verdict());
        assertEquals(RunVerdict.UNKNOWN, Decision.of(new VerdictInputs(noFinalRead, p.linearizability(), p.scrub(),
                p.hypothesis(), null, p.faults(), List.of(), List.of())).verdict());
    }

    @Test
    void problemsRunningTheExperimentAreUnknown() throws Exception {
        VerdictInputs p = passing();
        Decision d = Decision.of(new VerdictInputs(p.durability(), p.linearizability(), p.scrub(), p.hypothesis(), null,
                p.faults(), List.of("final reads failed: connection refused"), List.of()));
        assertEquals(RunVerdict.UNKNOWN, d.verdict());
        assertEquals(List.of("run: final reads failed: connection refused"), d.reasons());
    }

    @Test
    void aViolationOutranksMissingParts() throws Exception {
        Decision d = Decision.of(new VerdictInputs(durability(DURABLE.replace("{\"u1\" \"a\"}", "{}")), null, null, null,
                null, List.of(), List.of(), List.of()));
        assertEquals(RunVerdict.FAIL, d.verdict());
        assertEquals(4, d.reasons().size(), d.reasons().toString());
    }

    @Test
    void aProcessThatDiedByItselfFailsTheRun() throws Exception {
        VerdictInputs p = passing();
        Decision d = Decision.of(new VerdictInputs(p.durability(), p.linearizability(), p.scrub(), p.hypothesis(), null,
                p.faults(), List.of(), List.of("az1-storage-1.log:88: java.lang.OutOfMemoryError: Java heap space")));
        assertEquals(RunVerdict.FAIL, d.verdict());
        assertEquals(List.of("container logs: a process died by itself: az1-storage-1.log:88: "
                + "java.lang.OutOfMemoryError: Java heap space"), d.reasons());
    }
}
