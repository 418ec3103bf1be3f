package dev.gameday.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.experiment.ClockSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control lines a node's libfaketime reads, as the harness writes them on real files (no container). */
class FakeTimeClocksTest {

    @TempDir
    Path runDir;

    private static final String NODE = "az1-storage-1";

    @Test
    void offsetsAndDriftAreLibfaketimeLinesAndRestoreIsRealTime() {
        try (FakeTimeClocks clocks = new FakeTimeClocks(runDir.resolve("clocks"), ClockSpec.Clocks.WALL)) {
            assertEquals(
                    "+300 x1",
                    clocks.move(NODE, new ClockSpec(ClockSpec.Kind.OFFSET, "5m", null, null, null), Duration.ZERO));
            assertEquals("+300 x1", clocks.controlLine(NODE));
            assertEquals(
                    "-90 x1",
                    clocks.move(NODE, new ClockSpec(ClockSpec.Kind.OFFSET, "-1m30s", null, null, null), Duration.ZERO));
            assertEquals(
                    "-60.000 x1.5",
                    clocks.move(
                            NODE, new ClockSpec(ClockSpec.Kind.DRIFT, null, 1.5, null, null), Duration.ofMinutes(2)),
                    "a process 2 minutes old would otherwise jump 1 minute ahead");
            clocks.restore(NODE);
            assertEquals("+0 x1", clocks.controlLine(NODE), "the rate named too: a bare +0 keeps the drift's");
            assertTrue(
                    Files.exists(runDir.resolve("clocks").resolve(NODE).resolve("faketime")),
                    "beside the data directories, never in one");
        }
    }

    @Test
    void aStrobeFlipsBetweenTheOffsetAndRealTimeUntilRestored() throws Exception {
        try (FakeTimeClocks clocks = new FakeTimeClocks(runDir, ClockSpec.Clocks.BOTH)) {
            String control = clocks.move(
                    NODE,
                    new ClockSpec(ClockSpec.Kind.STROBE, "20s", null, Duration.ofMillis(50), null),
                    Duration.ZERO);
            assertEquals("+20 x1 and +0 x1 every 50ms", control);
            Set<String> seen = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (seen.size() < 2 && System.nanoTime() < deadline) {
                seen.add(clocks.controlLine(NODE));
                Thread.sleep(10);
            }
            assertEquals(Set.of("+20 x1", "+0 x1"), seen);
            clocks.restore(NODE);
            Thread.sleep(150);
            assertEquals("+0 x1", clocks.controlLine(NODE), "no flip after the restore");
        }
    }

    @Test
    void aSlowDriftStartsBehindByWhatTheRateWouldTakeBack() {
        assertEquals("+5.000 x0.5", FakeTimeClocks.driftLine(0.5, Duration.ofSeconds(10)));
    }

    @Test
    void onlyTheMonotonicClockNeedsTheLibraryToBeToldAtBoot() {
        assertEquals(
                "1",
                new FakeTimeClocks(runDir, ClockSpec.Clocks.WALL).environment().get("FAKETIME_DONT_FAKE_MONOTONIC"));
        var both = new FakeTimeClocks(runDir, ClockSpec.Clocks.BOTH).environment();
        assertEquals("0", both.get("FAKETIME_DONT_FAKE_MONOTONIC"));
        assertEquals(FakeTimeClocks.LIBRARY, both.get("LD_PRELOAD"));
        assertEquals("1", both.get("FAKETIME_CACHE_DURATION"));
        assertEquals("0", both.get("FAKETIME_FORCE_MONOTONIC_FIX"), "parked JVM threads spin without it");
    }

    @Test
    void nodesBootedWithoutTheLibraryRefuseAClockFault() {
        FakeTimeClocks none = new FakeTimeClocks(runDir, null);
        var e = assertThrows(
                IllegalStateException.class,
                () -> none.move(NODE, new ClockSpec(ClockSpec.Kind.OFFSET, "5m", null, null, null), Duration.ZERO));
        assertTrue(e.getMessage().contains("no clock fault"), e.getMessage());
        none.restore(NODE); // healing stays idempotent, and writes nothing where nothing was set up
        assertFalse(Files.exists(runDir.resolve(NODE)));
    }
}
