package dev.gameday.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunIndexTest {
    @TempDir
    Path root;

    @Test
    void aRunOfTheCorrectSystemThatDidNotPassIsAFalseAlarmAndACaughtBugIsNot() throws IOException {
        run("leader-power-offs", "20261203T060048Z", "fail", "[]", "aborted: stop condition");
        run("leader-power-offs", "20261203T061500Z", "pass", "[]", null);
        run("leader-power-offs", "20261203T062000Z", "fail", "[\"ackBeforeQuorum\"]", "durability: 3 lost");
        run("log-tail-corruption", "20261203T061012Z", "unknown", "[]", "linearizability: unknown");
        // Written before results.json named the deliberate bugs: counted, but never called a false alarm.
        run("log-tail-corruption", "20261202T100000Z", "fail", null, "steady state");

        List<RunIndex.Run> runs = RunIndex.scan(root);

        assertEquals(
                List.of(
                        new RunIndex.Tally("leader-power-offs", 3, 1, 2, 0, 1),
                        new RunIndex.Tally("log-tail-corruption", 2, 0, 1, 1, 1)),
                RunIndex.tally(runs));
        assertEquals(
                List.of("aborted: stop condition", "linearizability: unknown"),
                runs.stream()
                        .filter(RunIndex.Run::falseAlarm)
                        .map(RunIndex.Run::firstReason)
                        .toList());
    }

    @Test
    void aMissingFolderHasNoRuns() throws IOException {
        assertEquals(List.of(), RunIndex.scan(root.resolve("nothing-here")));
    }

    private void run(String experiment, String stamp, String verdict, String bugsJson, String reason)
            throws IOException {
        Path dir = Files.createDirectories(root.resolve(experiment).resolve(stamp));
        Files.writeString(
                dir.resolve("results.json"),
                "{\"experiment\": \"" + experiment + "\", \"verdict\": \""
                        + verdict + "\", \"reasons\": [" + (reason == null ? "" : "\"" + reason + "\"")
                        + "], \"seed\": 11, "
                        + "\"timeScale\": 0.25" + (bugsJson == null ? "" : ", \"deliberateBugs\": " + bugsJson) + "}");
    }
}
