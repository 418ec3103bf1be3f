package dev.gameday.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.check.Checkers;
import dev.gameday.check.RunFacts;
import dev.gameday.experiment.CheckerSpec;
import dev.gameday.history.OpType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesTheStableFields() throws Exception {
        CanaryTraffic traffic = new CanaryTraffic()
                .call("az1", "az1-router-1", 100, 12, OpType.OK, null)
                .call("az1", "az1-router-1", 1200, 30, OpType.INFO, "timeout");
        WindowedAvailability availability = traffic.windows(1000);
        RunFacts facts = new RunFacts(
                VerdictScenarios.history(VerdictScenarios.LOST_WRITE),
                VerdictScenarios.CLEAN_SCRUB,
                List.of(VerdictScenarios.fault(true)),
                Duration.ofSeconds(60),
                VerdictScenarios.SPEC,
                Map.of(),
                null,
                List.of());
        Results results = Results.of(
                "az-power-off",
                42,
                0.1,
                facts,
                Checkers.judge(Checkers.forRun(CheckerSpec.DEFAULT, VerdictScenarios.BUDGET), facts, List.of()),
                availability.bySeries(),
                new AlarmDetector(0.01, 1).detect(availability.bySeries()),
                List.of());
        Path file = dir.resolve("results.json");
        new ResultsWriter().write(results, file);

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(
                List.of(
                        "experiment",
                        "verdict",
                        "reasons",
                        "seed",
                        "timeScale",
                        "acknowledgedWrites",
                        "lostWrites",
                        "linearizability",
                        "scrub",
                        "hypothesis",
                        "availability",
                        "alarms",
                        "faults",
                        "fatalLogLines",
                        "deliberateBugs",
                        "checks"),
                iterable(json.fieldNames()));
        assertEquals("fail", json.get("verdict").asText());
        assertEquals(42, json.get("seed").asLong());
        assertEquals(1, json.get("acknowledgedWrites").asInt());
        assertEquals(
                "u-1",
                json.get("lostWrites").get(0).get("write").get("key").asText(),
                json.get("lostWrites").toString());
        assertEquals("VALID", json.get("linearizability").get("verdict").asText());
        assertEquals(12, json.get("scrub").get("groupsChecked").asInt());
        for (String field :
                List.of("groupsChecked", "mismatches", "corruptionsInjected", "corruptionsDetected", "repaired")) {
            assertTrue(json.get("scrub").has(field), field);
        }
        JsonNode windows = json.get("availability").get("az1").get("az1-router-1");
        assertEquals(2, windows.size());
        assertEquals(1.0, windows.get(1).get("start").asDouble(), "durations are seconds");
        assertEquals(0.0, windows.get(1).get("successRatio").asDouble());
        assertEquals(1.0, json.get("alarms").get(0).get("breachStart").asDouble());
        JsonNode fault = json.get("faults").get(0);
        assertEquals("power-off", fault.get("type").asText());
        assertEquals("az az1", fault.get("target").asText());
        assertEquals(10.0, fault.get("startedAt").asDouble());
        assertEquals(40.0, fault.get("healedAt").asDouble());
        assertEquals("durability", json.get("checks").get(0).get("name").asText());
        assertEquals("fail", json.get("checks").get(0).get("verdict").asText());
        assertEquals(
                "durability: 1 acknowledged write(s) lost, 0 unexpected value(s) read",
                json.get("checks").get(0).get("reasons").get(0).asText());
        assertTrue(Files.readString(file).contains("\n  \"verdict\""), "pretty-printed for people");
        assertEquals(
                List.of("results.json"),
                iterable(Files.list(dir).map(p -> p.getFileName().toString()).iterator()));

        String summary = Summary.render(results);
        assertTrue(summary.startsWith("experiment az-power-off (seed 42, time scale 0.1): FAIL\n"), summary);
        assertTrue(summary.contains("az1: 2 requests, success ratio 0.5000"), summary);
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
