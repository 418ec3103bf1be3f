package dev.gameday.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.FaultType;
import dev.gameday.experiment.TargetSpec;
import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import dev.gameday.schedule.PlannedFault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line's two renderings, on a fake clock: in place on a terminal, plain lines in a log. */
class ProgressLineTest {
    private final AtomicLong clock = new AtomicLong();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private RunInfo run() {
        return new RunInfo(
                "az-power-off",
                42,
                1.0,
                List.of(),
                null,
                List.of("az1", "az2"),
                List.of("az1-router-1"),
                List.of("read"),
                List.of("steady", "az-down"),
                List.of(),
                clock::get,
                () -> Duration.ofMinutes(3));
    }

    private static PlannedFault powerOff() {
        FaultSpec spec = new FaultSpec(
                FaultType.POWER_OFF,
                new TargetSpec(null, "az1", null, null),
                Duration.ofSeconds(20),
                Duration.ofSeconds(40),
                null,
                null,
                null);
        return new PlannedFault(
                1,
                "az-down",
                "experiment.yaml:12",
                spec,
                Duration.ofSeconds(50),
                Duration.ofSeconds(90),
                List.of("az1-storage-1"));
    }

    private static void call(ProgressLine line, String az, boolean ok) {
        Map<String, Object> where = Map.of("az", az, "endpoint", "az1-router-1");
        Op invocation = new Op(0, 0, 1, OpType.INVOKE, "read", "r1", null, where);
        line.canaryCompleted(
                invocation,
                new Op(
                        1,
                        1,
                        1,
                        ok ? OpType.OK : OpType.INFO,
                        "read",
                        "r1",
                        null,
                        ok ? where : Map.of("az", az, "endpoint", "az1-router-1", "error", "timeout")));
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void at(Duration elapsed) {
        clock.set(elapsed.toNanos());
    }

    @Test
    void aTerminalRedrawsOneLineInPlace() {
        ProgressLine line = new ProgressLine(out, true);
        line.runStarted(run());
        line.phaseStarted("steady");
        call(line, "az1", true);
        at(Duration.ofSeconds(5));
        line.tick();
        line.phaseStarted("az-down");
        line.faultStarted(powerOff(), List.of("az1-storage-1"));
        call(line, "az1", false);
        call(line, "az2", true);
        line.alarmRaised("az1", "az1-router-1");
        at(Duration.ofSeconds(65));
        line.tick();
        assertEquals(
                "\r\033[Kgameday: steady 0:05/3:00 | faults none | ops 1 | errors az1 0, az2 0"
                        + "\r\033[Kgameday: az-down 1:05/3:00 | faults #1 power-off of az az1 | ops 3 | errors az1 1, az2 0"
                        + " | alarms 1",
                printed());
        line.runFinished("pass");
        assertTrue(
                printed()
                        .endsWith("\r\033[Kgameday: az-down 1:05/3:00 | faults #1 power-off of az az1 | ops 3"
                                + " | errors az1 1, az2 0 | alarms 1 | pass\n"),
                printed());
    }

    @Test
    void otherOutputErasesTheLineFirst() {
        ProgressLine line = new ProgressLine(out, true);
        PrintStream logs = new PrintStream(line.erasingBeforeWrites(out), true, StandardCharsets.UTF_8);
        line.runStarted(run());
        line.tick();
        logs.println("12:00:00.000 INFO  GamedayRun - a log line");
        line.tick();
        assertEquals(
                "\r\033[Kgameday: starting 0:00/3:00 | faults none | ops 0 | errors az1 0, az2 0"
                        + "\r\033[K12:00:00.000 INFO  GamedayRun - a log line\n"
                        + "\r\033[Kgameday: starting 0:00/3:00 | faults none | ops 0 | errors az1 0, az2 0",
                printed());
        logs.println("no progress line on screen: nothing to erase");
        assertTrue(printed().endsWith("0, az2 0\r\033[Kno progress line on screen: nothing to erase\n"), printed());
    }

    @Test
    void aLogGetsAPlainLineEveryTenSecondsAndOnEachEdge() {
        ProgressLine line = new ProgressLine(out, false);
        line.runStarted(run());
        line.phaseStarted("steady");
        line.tick();
        at(Duration.ofSeconds(4));
        line.tick(); // nothing new, 4 s after the last line
        at(Duration.ofSeconds(10));
        line.tick(); // 10 s: the periodic line
        at(Duration.ofSeconds(12));
        line.faultStarted(powerOff(), List.of("az1-storage-1"));
        line.tick(); // a fault edge: at once
        at(Duration.ofSeconds(15));
        line.tick();
        line.faultHealed(powerOff());
        at(Duration.ofSeconds(16));
        line.tick();
        line.runFinished("fail");
        assertEquals("""
                gameday: steady 0:00/3:00 | faults none | ops 0 | errors az1 0, az2 0
                gameday: steady 0:10/3:00 | faults none | ops 0 | errors az1 0, az2 0
                gameday: steady 0:12/3:00 | faults #1 power-off of az az1 | ops 0 | errors az1 0, az2 0
                gameday: steady 0:16/3:00 | faults none | ops 0 | errors az1 0, az2 0
                gameday: steady 0:16/3:00 | faults none | ops 0 | errors az1 0, az2 0 | fail
                """, printed());
        assertTrue(!printed().contains("\r"), "no carriage returns in a log");
    }

    @Test
    void aLongLineIsCutToFitATerminal() {
        ProgressLine line = new ProgressLine(out, true);
        line.runStarted(run());
        for (int id = 1; id <= 5; id++) {
            PlannedFault f = powerOff();
            line.faultStarted(
                    new PlannedFault(id, f.phase(), f.source(), f.spec(), f.start(), f.end(), f.nodes()), List.of());
        }
        String rendered = line.render();
        assertEquals(ProgressLine.MAX_WIDTH, rendered.length(), rendered);
        assertTrue(rendered.endsWith("..."), rendered);
        assertEquals("1:01:01", ProgressLine.clock(Duration.ofSeconds(3661)));
    }
}
