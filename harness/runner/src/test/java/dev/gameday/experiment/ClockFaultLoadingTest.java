package dev.gameday.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code clock:} block of a clock fault: what loads, and every mistake refused with its file and line. */
class ClockFaultLoadingTest {

    /** ExperimentLoaderTest's file with its power-off replaced by a clock fault; the block is on line 21. */
    private static String withClock(String block) {
        return ExperimentLoaderTest.VALID.replace(
                "- type: power-off\n", "- type: clock\n        clock: " + block + "\n");
    }

    @TempDir
    Path dir;

    private Experiment load(String yaml) throws Exception {
        Path file = dir.resolve("clock.yaml");
        Files.writeString(file, yaml);
        return new ExperimentLoader().load(file).experiment();
    }

    private ExperimentException.Problem onlyProblem(String yaml) throws IOException {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, yaml);
        ExperimentException e = assertThrows(ExperimentException.class, () -> new ExperimentLoader().load(file));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
        return e.problems().get(0);
    }

    @Test
    void loadsEachKindWithSignedOffsetsAndWallClockByDefault() throws Exception {
        FaultSpec back = load(withClock("{kind: offset, by: -90s}"))
                .schedule()
                .get(1)
                .faults()
                .get(0);
        assertEquals(FaultType.CLOCK, back.type());
        assertEquals(Duration.ofSeconds(-90), back.clock().offset());
        assertEquals(ClockSpec.Clocks.WALL, back.clock().clocks());
        assertEquals("clock offset by -90s (wall)", back.what());

        ClockSpec drift = load(withClock("{kind: drift, rate: 1.5, clocks: both}"))
                .schedule()
                .get(1)
                .faults()
                .get(0)
                .clock();
        assertEquals(1.5, drift.rate());
        assertEquals(ClockSpec.Clocks.BOTH, drift.clocks());

        Experiment strobe = load(withClock("{kind: strobe, by: +20s, period: 2s}"));
        assertEquals(
                Duration.ofSeconds(20),
                strobe.schedule().get(1).faults().get(0).clock().offset());
        assertEquals(ClockSpec.Clocks.WALL, strobe.clocksMoved());
        assertEquals(
                Duration.ofSeconds(2),
                strobe.scaled(new TimeScale(0.25))
                        .schedule()
                        .get(1)
                        .faults()
                        .get(0)
                        .clock()
                        .period(),
                "how fast a clock flips is not part of the schedule");
    }

    @Test
    void anExperimentWithoutClockFaultsMovesNoClock() throws Exception {
        assertNull(load(ExperimentLoaderTest.VALID).clocksMoved());
    }

    @Test
    void aClockFaultNeedsItsBlockAndOnlyItTakesIt() throws Exception {
        var missing = onlyProblem(ExperimentLoaderTest.VALID.replace("- type: power-off", "- type: clock"));
        assertEquals("schedule[1].faults[0].clock", missing.field());
        assertTrue(missing.message().contains("clock: {...}"), missing.message());

        var foreign = onlyProblem(ExperimentLoaderTest.VALID.replace(
                "target: {az: az1}", "target: {az: az1}\n        clock: {kind: offset, by: 1m}"));
        assertEquals("schedule[1].faults[0].clock", foreign.field());
        assertTrue(foreign.message().contains("only a clock fault"), foreign.message());
    }

    @Test
    void badKindIsNamedWithTheChoices() throws Exception {
        var p = onlyProblem(withClock("{kind: wobble, by: 1m}"));
        assertEquals(21, p.line());
        assertTrue(p.message().contains("offset, drift, strobe"), p.message());
    }

    @Test
    void offsetsMustBeReadableNonZeroWholeSecondsAndAtMostADay() throws Exception {
        assertProblem("{kind: offset}", "clock.by", "missing");
        assertProblem("{kind: offset, by: 30}", "clock.by", "units");
        assertProblem("{kind: offset, by: 0s}", "clock.by", "must not be 0");
        assertProblem("{kind: offset, by: 1500ms}", "clock.by", "whole seconds");
        assertProblem("{kind: offset, by: -25h}", "clock.by", "at most a day");
        assertProblem("{kind: offset, by: 1m, rate: 2}", "clock.rate", "does not take");
    }

    @Test
    void driftNeedsASensibleRate() throws Exception {
        assertProblem("{kind: drift}", "clock.rate", "missing");
        assertProblem("{kind: drift, rate: 1}", "clock.rate", "not 1");
        assertProblem("{kind: drift, rate: 0}", "clock.rate", "above 0");
        assertProblem("{kind: drift, rate: 11}", "clock.rate", "at most 10");
        assertProblem("{kind: drift, rate: 2, by: 1m}", "clock.by", "does not take");
    }

    @Test
    void strobeNeedsAPeriodTheNodeCanFollowAndThatFitsTheFault() throws Exception {
        assertProblem("{kind: strobe, by: 10s}", "clock.period", "missing");
        assertProblem("{kind: strobe, by: 10s, period: 500ms}", "clock.period", "at least 2s");
        assertProblem("{kind: strobe, by: 10s, period: 20s}", "clock.period", "shorter than the fault's duration");
    }

    @Test
    void unknownClocksAreNamed() throws Exception {
        assertProblem("{kind: offset, by: 1m, clocks: cpu}", "clock.clocks", "wall, both");
    }

    @Test
    void everyClockFaultOfAnExperimentMovesTheSameClocks() throws Exception {
        String two = withClock("{kind: offset, by: 1m, clocks: wall}").replace("hypothesis:", """
                  - name: more
                    duration: 30s
                    faults:
                      - type: clock
                        clock: {kind: offset, by: 1m, clocks: both}
                        target: {az: az2}
                        at: 1s
                        duration: 10s
                hypothesis:""");
        var p = onlyProblem(two);
        assertEquals("schedule[2].faults[0].clock.clocks", p.field());
        assertTrue(p.message().contains("the same clocks"), p.message());
    }

    private void assertProblem(String block, String field, String words) throws IOException {
        var p = onlyProblem(withClock(block));
        assertEquals("schedule[1].faults[0]." + field, p.field(), p::message);
        assertEquals(21, p.line(), "the line of the fault's clock block");
        assertTrue(p.message().contains(words), () -> block + ": " + p.message());
    }
}
