package dev.gameday.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.FaultType;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.schedule.FaultPlan;
import dev.gameday.schedule.Planner;
import dev.gameday.schedule.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plays real plans against real processes: power-off is a real SIGKILL, pause a real SIGSTOP. */
class NemesisRunnerTest {
    private static final String EXPERIMENT = """
            seed: 1
            cluster:
              azs: [az1, az2]
              storageNodesPerAz: 2
              routersPerAz: 1
              tables: [{name: canary, partitions: 1}]
            workload:
              table: canary
              ratePerAz: 1
              registerKeys: 1
              mix: {write: 1}
              itemBytes: {min: 1, max: 10}
            hypothesis: {successRatio: 0.9, recovery: 1s}
            schedule:
              - name: chaos
                duration: 2s
                faults:
            %s
            """;

    @TempDir
    Path dir;

    private FaultPlan plan(String faults) throws Exception {
        Path file = dir.resolve("nemesis.yaml");
        Files.writeString(file, EXPERIMENT.formatted(faults));
        LoadedExperiment loaded = new ExperimentLoader().load(file);
        return Planner.plan(loaded, Topology.fromShape(loaded.experiment().cluster()));
    }

    /** The topology of the experiment {@link #plan} wrote. */
    private Topology topology() throws Exception {
        return Topology.fromShape(new ExperimentLoader().load(dir.resolve("nemesis.yaml")).experiment().cluster());
    }

    /** Wraps the real nemesis to read the real processes' states right after each action. */
    private static Nemesis observed(Nemesis real, LocalProcessCluster cluster, List<String> observations) {
        return new Nemesis() {
            @Override
            public void inject(FaultType type, List<String> nodes) throws NemesisException {
                real.inject(type, nodes);
                nodes.forEach(n -> observations.add("after inject " + n + "=" + state(cluster, n)));
            }

            @Override
            public void heal(FaultType type, List<String> nodes) throws NemesisException {
                real.heal(type, nodes);
                nodes.forEach(n -> observations.add("after heal " + n + "=" + state(cluster, n)));
            }
        };
    }

    private static String state(LocalProcessCluster cluster, String node) {
        try {
            String s = cluster.state(node);
            return s.equals("dead") || s.equals("T") ? s : "running";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void powersOffAnAzAndPausesTheLeaderThenHealsEverything() throws Exception {
        FaultPlan plan = plan("""
                      - {type: power-off, target: {az: az1}, at: 100ms, duration: 300ms}
                      - {type: pause, target: {partitionLeader: {table: canary, partition: 0}}, at: 200ms, duration: 300ms}
                """);
        List<String> observations = new ArrayList<>();
        Path logFile = dir.resolve("nemesis.log");
        try (LocalProcessCluster cluster = new LocalProcessCluster(topology(), Map.of("canary/0", "az2-storage-2"));
             NemesisLog log = new NemesisLog(logFile)) {
            long pidBefore = cluster.pid("az1-storage-1");
            long origin = System.nanoTime();
            log.plan(plan, 1.0);
            List<ExecutedFault> executed = new NemesisRunner(observed(new ProcessNemesis(cluster), cluster, observations),
                    cluster, log, () -> System.nanoTime() - origin).run(plan);

            assertEquals(List.of(
                    "after inject az1-storage-1=dead", "after inject az1-storage-2=dead",
                    "after inject az2-storage-2=T",
                    "after heal az1-storage-1=running", "after heal az1-storage-2=running",
                    "after heal az2-storage-2=running"), observations);
            assertNotEquals(pidBefore, cluster.pid("az1-storage-1"), "powered on as a new process");
            assertEquals(List.of("az2-storage-2"), executed.get(1).nodes(), "leader resolved at start");
            assertTrue(executed.stream().allMatch(ExecutedFault::completed), executed.toString());
            assertTrue(executed.get(0).startedAt().toMillis() >= 100, executed.toString());
            assertTrue(executed.get(0).healedAt().toMillis() >= 400, executed.toString());
        }
        List<String> lines = Files.readAllLines(logFile);
        assertTrue(lines.get(0).startsWith("# seed 1, time scale 1.0, 2 fault(s)"), lines.toString());
        List<String> events = lines.stream().filter(l -> l.startsWith("+")).toList();
        assertEquals(4, events.size(), lines.toString());
        assertTrue(events.get(0).matches("\\+ +0\\.[0-9]{3}s START +#1 power-off az az1 \\[az1-storage-1, az1-storage-2]"),
                events.get(0));
        assertTrue(events.get(1).contains("START  #2 pause leader of canary/0 [az2-storage-2]"), events.get(1));
        assertTrue(events.get(2).contains("END    #1 power-off"), events.get(2));
        assertTrue(events.get(3).contains("END    #2 pause"), events.get(3));
    }

    @Test
    void abortHealsActiveFaultsAndSkipsTheRest() throws Exception {
        FaultPlan plan = plan("""
                      - {type: pause, target: {node: az1-storage-1}, at: 50ms, duration: 1800ms}
                      - {type: power-off, target: {node: az2-storage-1}, at: 1500ms, duration: 100ms}
                """);
        try (LocalProcessCluster cluster = new LocalProcessCluster(topology(), Map.of());
             NemesisLog log = new NemesisLog(dir.resolve("abort.log"))) {
            long origin = System.nanoTime();
            NemesisRunner runner = new NemesisRunner(new ProcessNemesis(cluster), cluster, log,
                    () -> System.nanoTime() - origin);
            Thread aborter = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                runner.abort("stop condition: az1 success ratio 0.1 < 0.5 for 45s");
            });
            aborter.start();
            List<ExecutedFault> executed = runner.run(plan);
            aborter.join();

            assertNotEquals("T", cluster.state("az1-storage-1"), "resumed (not stopped) after abort");
            assertTrue(executed.get(0).completed());
            assertTrue(executed.get(0).healedAt().toMillis() < 1000, "healed at abort, not at 1850ms");
            assertFalse(executed.get(1).completed());
            assertNull(executed.get(1).startedAt());
            assertTrue(executed.get(1).error().contains("skipped: run aborted (stop condition"), executed.get(1).error());
            assertNotEquals("dead", cluster.state("az2-storage-1"));
        }
        assertTrue(Files.readString(dir.resolve("abort.log")).contains("ABORT stop condition"));
    }

    @Test
    void aFailedInjectionIsRecordedNotHidden() throws Exception {
        FaultPlan plan = plan("""
                      - {type: pause, target: {partitionLeader: {table: canary, partition: 0}}, at: 10ms, duration: 50ms}
                """);
        // The leader lookup answers a node the cluster does not have.
        try (LocalProcessCluster cluster = new LocalProcessCluster(topology(), Map.of("canary/0", "az9-storage-1"));
             NemesisLog log = new NemesisLog(dir.resolve("failed.log"))) {
            long origin = System.nanoTime();
            List<ExecutedFault> executed = new NemesisRunner(new ProcessNemesis(cluster), cluster, log,
                    () -> System.nanoTime() - origin).run(plan);
            assertFalse(executed.get(0).completed());
            assertTrue(executed.get(0).error().contains("inject failed: no node az9-storage-1"), executed.get(0).error());
        }
        assertTrue(Files.readString(dir.resolve("failed.log")).contains("FAILED #1 pause"));
    }
}
