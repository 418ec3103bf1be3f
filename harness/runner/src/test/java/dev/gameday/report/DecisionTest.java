package dev.gameday.report;

import static dev.gameday.report.VerdictScenarios.BUDGET;
import static dev.gameday.report.VerdictScenarios.CLEAN_SCRUB;
import static dev.gameday.report.VerdictScenarios.HISTORY;
import static dev.gameday.report.VerdictScenarios.facts;
import static dev.gameday.report.VerdictScenarios.fault;
import static dev.gameday.report.VerdictScenarios.healthy;
import static dev.gameday.report.VerdictScenarios.history;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.check.CheckResult;
import dev.gameday.check.Checkers;
import dev.gameday.check.RunChecker;
import dev.gameday.check.RunFacts;
import dev.gameday.experiment.CheckerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdict folded from the checks, fed by the real checkers on small runs with and without violations. */
class DecisionTest {

    private static Decision judge(RunFacts facts, List<String> problems) {
        return Decision.fold(Checkers.judge(Checkers.forRun(CheckerSpec.DEFAULT, BUDGET), facts, problems));
    }

    private static RunFacts passing() throws Exception {
        return facts(history(HISTORY), CLEAN_SCRUB, healthy(), null, List.of(fault(true)), List.of());
    }

    private static RunFacts withScrub(ScrubSummary scrub) throws Exception {
        return facts(history(HISTORY), scrub, healthy(), null, List.of(fault(true)), List.of());
    }

    @Test
    void passesOnlyWhenEverythingPassed() throws Exception {
        Decision d = judge(passing(), List.of());
        assertEquals(RunVerdict.PASS, d.verdict(), d.reasons().toString());
        assertTrue(d.reasons().isEmpty());
        assertEquals(0, d.verdict().exitCode());
    }

    @Test
    void failBeatsUnknownBeatsPassAndEveryReasonIsKept() {
        CheckResult pass = new CheckResult("a", List.of(), List.of(), Map.of());
        CheckResult unsure = new CheckResult("b", List.of(), List.of("b: gave up"), Map.of());
        CheckResult failed = new CheckResult("c", List.of("c: broken"), List.of("c: also unsure"), Map.of());
        assertEquals(RunVerdict.PASS, Decision.fold(List.of(pass)).verdict());
        assertEquals(RunVerdict.UNKNOWN, Decision.fold(List.of(pass, unsure)).verdict());
        Decision d = Decision.fold(List.of(unsure, pass, failed));
        assertEquals(RunVerdict.FAIL, d.verdict());
        assertEquals(List.of("c: broken", "b: gave up", "c: also unsure"), d.reasons(), "failures before doubts");
        assertEquals(3, RunVerdict.UNKNOWN.exitCode());
    }

    @Test
    void scrubThatMissesOrLeavesCorruptionFails() throws Exception {
        assertEquals(
                List.of("scrub: detected 2 of 3 injected corruption(s)"),
                judge(withScrub(new ScrubSummary(12, 2, 3, 2, 3, true, List.of())), List.of())
                        .reasons());
        assertEquals(
                List.of("scrub: repaired 1 of 2 injected corruption(s)"),
                judge(withScrub(new ScrubSummary(12, 2, 2, 2, 1, true, List.of())), List.of())
                        .reasons());
        assertEquals(
                List.of("scrub: not clean after repair: data-1: replica az2-storage-1 checksum differs"),
                judge(
                                withScrub(new ScrubSummary(
                                        12,
                                        1,
                                        0,
                                        0,
                                        0,
                                        false,
                                        List.of("data-1: replica az2-storage-1 checksum differs"))),
                                List.of())
                        .reasons());
    }

    @Test
    void missingOrInconclusivePartsAreUnknown() throws Exception {
        // No canary windows: the fault never healed, and recovery from it is not what this test is about.
        Decision d = judge(
                facts(
                        history(HISTORY.lines().limit(6).reduce("", (a, b) -> a + b + "\n")),
                        null,
                        new CanaryTraffic(),
                        null,
                        List.of(fault(false)),
                        List.of()),
                List.of("final reads failed: connection refused"));
        assertEquals(RunVerdict.UNKNOWN, d.verdict(), d.reasons().toString());
        assertEquals(
                List.of(
                        "durability: unknown (the history has no :ok :final-read operation)",
                        "scrub: no report",
                        "fault #1 power-off: heal failed: docker",
                        "run: final reads failed: connection refused"),
                d.reasons());
    }

    @Test
    void aCheckerThatThrowsIsNotCheckedAndAProblemOfTheRun() throws Exception {
        RunChecker broken = new RunChecker() {
            @Override
            public String name() {
                return "durability";
            }

            @Override
            public CheckResult check(RunFacts facts) {
                throw new IllegalStateException("history unreadable");
            }
        };
        List<RunChecker> checkers = new ArrayList<>(Checkers.forRun(CheckerSpec.DEFAULT, BUDGET));
        checkers.set(0, broken);
        List<CheckResult> results = Checkers.judge(checkers, passing(), List.of());
        assertEquals(RunVerdict.UNKNOWN, results.get(0).verdict());
        assertEquals(
                List.of("durability: not checked", "run: durability check failed: history unreadable"),
                Decision.fold(results).reasons());
    }

    @Test
    void aProcessThatDiedByItselfFailsTheRun() throws Exception {
        Decision d = judge(
                facts(
                        history(HISTORY),
                        CLEAN_SCRUB,
                        healthy(),
                        null,
                        List.of(fault(true)),
                        List.of("az1-storage-1.log:88: java.lang.OutOfMemoryError: Java heap space")),
                List.of());
        assertEquals(RunVerdict.FAIL, d.verdict());
        assertEquals(
                List.of("container logs: a process died by itself: az1-storage-1.log:88: "
                        + "java.lang.OutOfMemoryError: Java heap space"),
                d.reasons());
    }
}
