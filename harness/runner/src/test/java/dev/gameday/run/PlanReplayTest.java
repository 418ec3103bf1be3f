package dev.gameday.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.experiment.PlanFile;
import dev.gameday.experiment.TimeScale;
import dev.gameday.nemesis.LocalProcessCluster;
import dev.gameday.schedule.PlannedExperiment;
import dev.gameday.schedule.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated schedule run against real processes (SIGKILL, SIGSTOP), then its plan.yaml run again: the nemesis
 * plays the same faults on the same nodes at the same offsets.
 */
class PlanReplayTest {
    private static final String GENERATED = """
            seed: 11
            cluster:
              azs: [az1, az2, az3]
              storageNodesPerAz: 1
              routersPerAz: 1
              tables: [{name: canary, partitions: 1}]
            workload:
              table: canary
              ratePerAz: 30
              registerKeys: 2
              mix: {read: 1, write: 1, cas: 1, uniqueWrite: 2}
              itemBytes: {min: 10, max: 20}
            schedule:
              - name: steady
                duration: 200ms
              - name: chaos
                duration: 2s
                generate:
                  faults: {power-off: 1, pause: 1, partition-isolate: 1, link-down: 1}
                  duration: {min: 100ms, max: 300ms}
                  gap: {min: 200ms, max: 400ms}
                  maxConcurrent: 2
            hypothesis: {successRatio: 0.5, recovery: 300ms}
            availability: {window: 100ms, alarmErrorRatio: 0.5, alarmWindows: 2}
            """;

    @TempDir
    Path dir;

    private Path run(LoadedExperiment loaded, String name) throws Exception {
        RunDirectory runDir = RunDirectory.create(dir.resolve("gameday"), name, Instant.now());
        try (LocalProcessCluster cluster =
                new LocalProcessCluster(Topology.fromShape(loaded.experiment().cluster()), Map.of())) {
            PlannedExperiment planned = PlannedExperiment.plan(loaded, TimeScale.REAL_TIME, cluster.topology());
            PlanFile.write(
                    planned.asWritten().experiment(), "test", runDir.dir().resolve(PlanFile.FILE_NAME));
            new GamedayRun(planned, cluster, new InMemoryStore(cluster, false), runDir).run();
        }
        return runDir.dir();
    }

    /**
     * nemesis.log's plan lines (fault, nodes, planned start and end) and its START and END lines without the clock
     * offset they happened at (that varies by milliseconds).
     */
    private static List<String> faultLines(Path runDir) throws Exception {
        return Files.readAllLines(runDir.resolve("nemesis.log")).stream()
                .filter(l -> l.startsWith("# plan ") || l.contains(" START  #") || l.contains(" END    #"))
                .map(l -> l.startsWith("# plan ") ? l : l.substring(l.indexOf('s') + 2))
                .toList();
    }

    @Test
    void plan_yaml_replays_the_same_faults_on_the_same_nodes() throws Exception {
        Path file = dir.resolve("generated.yaml");
        Files.writeString(file, GENERATED);
        Path first = run(new ExperimentLoader().load(file), "generated");
        Path replay = run(new ExperimentLoader().load(first.resolve(PlanFile.FILE_NAME)), "replay");

        List<String> original = faultLines(first);
        assertFalse(original.isEmpty(), "faults ran");
        assertTrue(
                original.stream()
                        .anyMatch(l -> l.startsWith("START  #") && (l.contains("power-off") || l.contains("pause"))),
                original.toString());
        assertTrue(
                original.stream().anyMatch(l -> l.startsWith("# plan #1 ") && l.contains(" from +")),
                original.toString());
        assertEquals(original, faultLines(replay));
        assertEquals(
                Files.readString(first.resolve(PlanFile.FILE_NAME)),
                Files.readString(replay.resolve(PlanFile.FILE_NAME)));
    }
}
