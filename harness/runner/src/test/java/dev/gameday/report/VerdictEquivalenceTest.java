package dev.gameday.report;

import static dev.gameday.report.VerdictScenarios.BUDGET;
import static dev.gameday.report.VerdictScenarios.CLEAN_SCRUB;
import static dev.gameday.report.VerdictScenarios.HISTORY;
import static dev.gameday.report.VerdictScenarios.NO_MEMORY;
import static dev.gameday.report.VerdictScenarios.brokenOutsideFaults;
import static dev.gameday.report.VerdictScenarios.facts;
import static dev.gameday.report.VerdictScenarios.fault;
import static dev.gameday.report.VerdictScenarios.healthy;
import static dev.gameday.report.VerdictScenarios.history;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gameday.check.RunFacts;
import dev.gameday.checker.linearizability.SearchBudget;
import dev.gameday.experiment.CheckerSpec;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.nemesis.ExecutedFault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verdict folded from the checkers' results, and results.json, are what the run wrote when the verdict came
 * from one named slot per check: src/test/resources/golden/*.json were written by that code (commit 93189f2) from
 * the same inputs. The fields added since are left out of the comparison: {@code checks}, and
 * {@code hypothesis.latencyRecoveries}, which appears since the scenarios' histories hold the canary calls their
 * windows count (the steady-state check measures recovery from them).
 */
class VerdictEquivalenceTest {
    private static final List<ExecutedFault> COMPLETED = List.of(fault(true));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private JsonNode written(
            String scenario, RunFacts facts, SearchBudget budget, CanaryTraffic traffic, List<String> problems)
            throws Exception {
        Results results = VerdictScenarios.results(scenario, facts, CheckerSpec.DEFAULT, budget, traffic, problems);
        Path file = dir.resolve(scenario + ".json");
        new ResultsWriter().write(results, file);
        return JSON.readTree(file.toFile());
    }

    private void assertAsBefore(
            String scenario, RunFacts facts, SearchBudget budget, CanaryTraffic traffic, List<String> problems)
            throws Exception {
        JsonNode now = written(scenario, facts, budget, traffic, problems);
        List<String> checks = names(now.get("checks"));
        assertEquals(
                List.of(
                        "durability",
                        "linearizability",
                        "scrub",
                        "steady-state",
                        "stop-conditions",
                        "faults",
                        "container-logs",
                        "run"),
                checks);
        ((ObjectNode) now).remove("checks");
        ((ObjectNode) now.get("hypothesis")).remove("latencyRecoveries");
        JsonNode before = JSON.readTree(Files.readString(Path.of("src/test/resources/golden", scenario + ".json")));
        assertEquals(before, now, scenario);
    }

    @Test
    void aPassingRun() throws Exception {
        assertAsBefore(
                "pass",
                facts(history(HISTORY), CLEAN_SCRUB, healthy(), null, COMPLETED, List.of()),
                BUDGET,
                healthy(),
                List.of());
    }

    @Test
    void aLostWrite() throws Exception {
        assertAsBefore(
                "lost-write",
                facts(history(VerdictScenarios.LOST_WRITE), CLEAN_SCRUB, healthy(), null, COMPLETED, List.of()),
                BUDGET,
                healthy(),
                List.of());
    }

    @Test
    void aNonLinearizableRead() throws Exception {
        assertAsBefore(
                "non-linearizable",
                facts(history(VerdictScenarios.STALE_READ), CLEAN_SCRUB, healthy(), null, COMPLETED, List.of()),
                BUDGET,
                healthy(),
                List.of());
    }

    @Test
    void aScrubMismatch() throws Exception {
        ScrubSummary missed =
                new ScrubSummary(12, 2, 3, 2, 1, false, List.of("data-1: replica az2-storage-1 checksum differs"));
        assertAsBefore(
                "scrub-mismatch",
                facts(history(HISTORY), missed, healthy(), null, COMPLETED, List.of()),
                BUDGET,
                healthy(),
                List.of());
    }

    @Test
    void aSearchOutOfBudgetAndNoScrubReport() throws Exception {
        assertAsBefore(
                "unknown-budget",
                facts(VerdictScenarios.hardHistory(), null, healthy(), null, COMPLETED, List.of()),
                NO_MEMORY,
                healthy(),
                List.of("final reads or scrub failed: connection refused"));
    }

    @Test
    void aStopConditionABrokenSteadyStateAndADeadProcess() throws Exception {
        assertAsBefore(
                "stop-condition",
                facts(
                        history(HISTORY),
                        CLEAN_SCRUB,
                        brokenOutsideFaults(),
                        "stop condition: az2 success ratio 0.2 < 0.5 for 5s",
                        COMPLETED,
                        List.of("az1-storage-1.log:88: java.lang.OutOfMemoryError: Java heap space")),
                BUDGET,
                brokenOutsideFaults(),
                List.of());
    }

    @Test
    void anExperimentWithoutLinearizabilityDoesNotRunIt() throws Exception {
        Path file = dir.resolve("no-linearizability.yaml");
        Files.writeString(
                file,
                Files.readString(Path.of(System.getProperty("gameday.experimentsDir"), "az-power-off.yaml"))
                        + "\ncheckers: [durability, scrub]\n");
        LoadedExperiment loaded = new ExperimentLoader().load(file);
        assertEquals(
                List.of(new CheckerSpec("durability", null), new CheckerSpec("scrub", null)),
                loaded.experiment().checkers());

        // The stale read would fail a run with the default checkers (see aNonLinearizableRead).
        Results results = VerdictScenarios.results(
                "no-linearizability",
                facts(history(VerdictScenarios.STALE_READ), CLEAN_SCRUB, healthy(), null, COMPLETED, List.of()),
                loaded.experiment().checkers(),
                BUDGET,
                healthy(),
                List.of());
        assertEquals(RunVerdict.PASS, results.verdict(), results.reasons().toString());
        assertNull(results.linearizability(), "not checked, so null as for any part that did not run");
        assertEquals(
                List.of("durability", "scrub", "steady-state", "stop-conditions", "faults", "container-logs", "run"),
                results.checks().stream().map(Results.Check::name).toList());
    }

    private static List<String> names(JsonNode checks) {
        List<String> names = new java.util.ArrayList<>();
        checks.forEach(c -> names.add(c.get("name").asText()));
        return names;
    }
}
