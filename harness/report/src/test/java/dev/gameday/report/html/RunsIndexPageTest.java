package dev.gameday.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** index.html's rows: one per kept run, the numbers from results.json, flaky experiments marked. */
class RunsIndexPageTest {

    private static void results(Path root, String experiment, String runId, String verdict, String bugs, String extra)
            throws Exception {
        Path dir = Files.createDirectories(root.resolve(experiment).resolve(runId));
        Files.writeString(dir.resolve("results.json"), """
                {"experiment": "%s", "verdict": "%s", "reasons": ["why"], "seed": 3, "timeScale": 0.5,
                 "acknowledgedWrites": 120, "lostWrites": [], "deliberateBugs": %s %s}""".formatted(experiment, verdict, bugs, extra));
    }

    @Test
    void rowsPerRunAndFlakyOnlyWhenTheCorrectStoreBothPassedAndFailed(@TempDir Path root) throws Exception {
        results(root, "az-power-off", "20261205T100000Z", "pass", "[]", """
                , "availability": {"az1": {"az1-router-1": [
                    {"start": 0, "end": 10, "requests": 30, "errors": 0, "p99Ms": 12.5},
                    {"start": 10, "end": 20, "requests": 30, "errors": 3, "p99Ms": 900},
                    {"start": 20, "end": 30, "requests": 0, "errors": 0, "p99Ms": 0}]}},
                  "hypothesis": {"held": true, "violations": [], "recoveries": [
                    {"faultId": 1, "az": "az1", "took": 4.5}, {"faultId": 1, "az": "az2", "took": 7}]}""");
        results(root, "az-power-off", "20261205T110000Z", "fail", "[]", "");
        results(root, "bit-rot", "20261205T100000Z", "pass", "[]", "");
        results(root, "bit-rot", "20261205T110000Z", "fail", "[\"scrubNeverRepairs\"]", "");
        Files.writeString(root.resolve("az-power-off/20261205T100000Z/report.html"), "<html></html>");

        RunsIndexPage.IndexData index = RunsIndexPage.read(root);

        assertEquals(4, index.runs().size());
        RunsIndexPage.RunRow first = index.runs().get(0);
        assertEquals("az-power-off", first.experiment());
        assertEquals(30.0, first.durationSeconds());
        assertEquals(900.0, first.p99Ms(), "the worst window's p99; windows without requests do not count");
        assertEquals(7.0, first.recoverySeconds());
        assertEquals(120, first.acknowledgedWrites());
        assertEquals(0, first.lostWrites());
        assertEquals("az-power-off/20261205T100000Z/report.html", first.report());
        assertNull(index.runs().get(1).report(), "no report.html yet: no link");
        assertTrue(index.experiments().get(0).flaky());
        assertFalse(index.experiments().get(1).flaky(), "a failure with a store bug on is the point, not flakiness");

        Path page = RunsIndexPage.write(root);
        String html = Files.readString(page);
        assertTrue(html.contains("\"experiment\":\"bit-rot\""));
        assertFalse(html.contains("{{"), "every placeholder filled");
    }
}
