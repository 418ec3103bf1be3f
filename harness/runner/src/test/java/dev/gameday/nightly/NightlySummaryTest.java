package dev.gameday.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NightlySummaryTest {

    @TempDir
    Path dir;

    private static NightlySummary.Run run(int round, String verdict) {
        return new NightlySummary.Run(round, "nightly-mix", 100 + round, verdict, List.of(), "runs/" + round, null);
    }

    @Test
    void failuresComeFirstAndSetTheExitCode() throws Exception {
        NightlySummary summary = new NightlySummary(7, "0.25", List.of("experiments/nightly-mix.yaml"), List.of());
        summary.add(run(1, "pass"));
        assertEquals(0, summary.exitCode());
        summary.add(run(2, "unknown"));
        assertEquals(3, summary.exitCode());
        summary.add(run(3, "fail"));
        summary.replaceLast(new NightlySummary.Run(
                3,
                "nightly-mix",
                103,
                "fail",
                List.of("durability: 2 lost"),
                "runs/3",
                new NightlySummary.Shrink("runs/3/minimal.yaml", 6, 1, 5, false, List.of(), "2 of 3")));
        assertEquals(1, summary.exitCode());

        summary.write(dir, false);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals(3, json.get("runs").asInt());
        assertEquals(1, json.get("exitCode").asInt());
        assertEquals(
                List.of(3, 2, 1),
                List.of(
                        json.get("results").get(0).get("round").asInt(),
                        json.get("results").get(1).get("round").asInt(),
                        json.get("results").get(2).get("round").asInt()));
        String md = Files.readString(dir.resolve("summary.md"));
        assertTrue(
                md.contains("| 3 | nightly-mix | 103 | FAIL | durability: 2 lost | runs/3 | 6 → 1 faults in 5 runs:"
                        + " runs/3/minimal.yaml; fails again 2 of 3 |"),
                md);
        assertTrue(md.indexOf("| 3 |") < md.indexOf("| 1 |"), md);
    }
}
