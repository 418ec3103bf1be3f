package dev.gameday.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.cluster.ContainerRun;
import dev.gameday.cluster.GamedayStoreSystem;
import dev.gameday.cluster.SystemBenchmark;
import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.TimeScale;
import dev.gameday.report.RunVerdict;
import dev.gameday.store.api.bugs.BugSwitches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment's {@code system:} picks the adapter a run boots, from every adapter registered on the class path. */
class SystemsTest {

    /** Line 2 names the system. */
    private static final String EXPERIMENT = """
      seed: 5
      system: %s
      cluster:
        azs: [az1, az2, az3]
        storageNodesPerAz: 1
        routersPerAz: 1
        tables: [{name: canary, partitions: 1}]
      workload:
        table: canary
        ratePerAz: 40
        registerKeys: 2
        mix: {read: 1, write: 1, uniqueWrite: 1}
        itemBytes: {min: 10, max: 20}
      schedule:
        - {name: steady, duration: 600ms}
      hypothesis: {successRatio: 0.99, recovery: 500ms}
      availability: {window: 100ms, alarmErrorRatio: 0.01, alarmWindows: 2}
      """;

    @TempDir
    Path dir;

    private ContainerRun run(String system) throws Exception {
        Path file = Files.writeString(dir.resolve("seam.yaml"), EXPERIMENT.formatted(system));
        return new ContainerRun(
                new ExperimentLoader().load(file), TimeScale.REAL_TIME, BugSwitches.none(), dir.resolve("gameday"));
    }

    @Test
    void findsEveryRegisteredSystem() {
        assertEquals(
                List.of(FakeSystem.NAME, "gameday-store"), Systems.installed().names());
    }

    @Test
    void aRunBootsTheSystemTheExperimentNamesAndGoesThroughItToAVerdict() throws Exception {
        ContainerRun.Result result = run(FakeSystem.NAME).execute();

        assertEquals(
                RunVerdict.PASS,
                result.results().verdict(),
                () -> "reasons: " + result.results().reasons());
        SystemBoot boot = FakeSystem.lastBoot;
        assertEquals(result.directory().dir(), boot.directory().dir());
        assertEquals(3, boot.planned().topology().routers().size());
        assertTrue(result.results().acknowledgedWrites() > 0, "the canaries wrote through the fake's clients");
        assertTrue(FakeSystem.lastRunning.closed, "the run closed the system");
        assertFalse(Files.exists(FakeSystem.lastRunning.dataRoot()), "a passing run drops the system's data");
    }

    @Test
    void anUnknownSystemIsBadInputAtItsLineAndNothingStarts() throws Exception {
        FakeSystem.lastBoot = null;
        ExperimentException e = assertThrows(
                ExperimentException.class, () -> run("no-such-system").execute());

        assertEquals(1, e.problems().size(), e.getMessage());
        ExperimentException.Problem problem = e.problems().get(0);
        assertEquals(dir.resolve("seam.yaml"), problem.file());
        assertEquals(2, problem.line());
        assertEquals("system", problem.field());
        assertTrue(
                e.getMessage().contains("unknown system 'no-such-system'; known systems: fake-system, gameday-store"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("gameday")), "no run directory");
        assertEquals(null, FakeSystem.lastBoot, "nothing booted");
    }

    @Test
    void twoSystemsOfOneNameAreRefused() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> new Systems(List.of(new FakeSystem(), new FakeSystem())));
        assertTrue(e.getMessage().contains("two systems are named 'fake-system'"), e.getMessage());
    }

    @Test
    void aBenchmarkSideOverAFaultFilesystemIsRefusedForASystemWithoutOne() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SystemBenchmark.Side.named("fake-system+faultfs", Systems.installed()));
        assertTrue(
                e.getMessage().contains("fake-system+faultfs: fake-system does not run over a fault filesystem"),
                e.getMessage());
        assertEquals(
                "gameday-store+faultfs",
                SystemBenchmark.Side.named("gameday-store+faultfs", Systems.installed())
                        .label());
    }

    @Test
    void theGamedayStoreIsTheDefault() throws Exception {
        Path file = Files.writeString(
                dir.resolve("default.yaml"), EXPERIMENT.formatted("x").replace("system: x\n", ""));
        SystemAdapter adapter = Systems.installed().of(new ExperimentLoader().load(file));
        assertSame(GamedayStoreSystem.class, adapter.getClass());
    }
}
