package dev.gameday.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.experiment.PlanFile;
import dev.gameday.experiment.TimeScale;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleGeneratorTest {

    @TempDir
    Path dir;

    private static final String GENERATED = """
            seed: 5
            cluster:
              azs: [az1, az2, az3]
              storageNodesPerAz: STORAGE_NODES
              routersPerAz: 1
              tables: [{name: canary, partitions: 4}]
            workload:
              table: canary
              ratePerAz: 10
              registerKeys: 4
              mix: {read: 1, write: 1, cas: 1, uniqueWrite: 1}
              itemBytes: {min: 10, max: 100}
            schedule:
              - name: warm-up
                duration: 30s
              - name: chaos
                duration: 20m
                generate:
                  faults: {power-off: 3, pause: 2, partition-isolate: 2, partition-bridge: 1, link-down: 1, corrupt-archive: 1}
                  duration: {min: 10s, max: 40s}
                  gap: {min: 5s, max: 30s}
                  maxConcurrent: MAX_CONCURRENT
                  keepQuorum: KEEP_QUORUM
              - name: recovery
                duration: 30s
            hypothesis: {successRatio: 0.9, recovery: 30s}
            """;

    private LoadedExperiment load(int storageNodesPerAz, int maxConcurrent, boolean keepQuorum) throws Exception {
        Path file = dir.resolve("generated.yaml");
        Files.writeString(
                file,
                GENERATED
                        .replace("STORAGE_NODES", Integer.toString(storageNodesPerAz))
                        .replace("MAX_CONCURRENT", Integer.toString(maxConcurrent))
                        .replace("KEEP_QUORUM", Boolean.toString(keepQuorum)));
        return new ExperimentLoader().load(file);
    }

    private static FaultPlan plan(LoadedExperiment loaded) throws ExperimentException {
        return PlannedExperiment.plan(
                        loaded,
                        TimeScale.REAL_TIME,
                        Topology.fromShape(loaded.experiment().cluster()))
                .plan();
    }

    @Test
    void theSeedFixesEveryFaultItsTargetAndTime() throws Exception {
        LoadedExperiment loaded = load(1, 2, true);
        List<String> first =
                plan(loaded).faults().stream().map(PlannedFault::toString).toList();
        List<String> again = plan(load(1, 2, true)).faults().stream()
                .map(PlannedFault::toString)
                .toList();
        List<String> otherSeed = plan(loaded.withSeed(6)).faults().stream()
                .map(PlannedFault::toString)
                .toList();
        assertTrue(first.size() >= 10, first.toString());
        assertEquals(first, again);
        assertNotEquals(first, otherSeed);
    }

    @Test
    void keepQuorumNeverTakesAMajorityOfAGroupOverManySeeds() throws Exception {
        for (int nodesPerAz : List.of(1, 2)) {
            LoadedExperiment loaded = load(nodesPerAz, 3, true);
            ReplicaGroups groups = new ReplicaGroups(loaded.experiment().cluster());
            int overlapping = 0;
            for (long seed = 0; seed < 300; seed++) {
                FaultPlan plan = plan(loaded.withSeed(seed));
                overlapping += assertQuorumKept(plan, groups, 3);
            }
            assertTrue(overlapping > 0, "some faults overlap, or the test shows nothing");
        }
    }

    @Test
    void withoutKeepQuorumSomeScheduleTakesAMajority() throws Exception {
        LoadedExperiment loaded = load(1, 2, false);
        ReplicaGroups groups = new ReplicaGroups(loaded.experiment().cluster());
        boolean lost = false;
        for (long seed = 0; seed < 50 && !lost; seed++) {
            for (PlannedFault f : plan(loaded.withSeed(seed)).faults()) {
                Set<String> impaired = impairedAt(plan(loaded.withSeed(seed)), f.start());
                lost |= !groups.everyGroupKeepsMajority(impaired);
            }
        }
        assertTrue(lost, "keepQuorum: false never took a majority down in 50 seeds");
    }

    /** Returns how many faults started while another ran. */
    private static int assertQuorumKept(FaultPlan plan, ReplicaGroups groups, int maxConcurrent) {
        int overlapping = 0;
        for (PlannedFault f : plan.faults()) {
            long running = plan.faults().stream()
                    .filter(o -> o.overlaps(f) && o.start().compareTo(f.start()) <= 0)
                    .count();
            assertTrue(running <= maxConcurrent, "more than " + maxConcurrent + " faults at " + f);
            overlapping += running > 1 ? 1 : 0;
            // Started beside another fault, it does not wait for the steady state: nodes healed within the
            // recovery (30s) may still be catching up, and count as out.
            Set<String> impaired = impairedAt(plan, f.start(), running > 1 ? Duration.ofSeconds(30) : Duration.ZERO);
            assertTrue(groups.everyGroupKeepsMajority(impaired), "a group lost its majority at " + f + ": " + impaired);
        }
        return overlapping;
    }

    /** The nodes down or cut off at {@code t}: targets of every running fault but a bridge, client links, archive. */
    private static Set<String> impairedAt(FaultPlan plan, Duration t) {
        return impairedAt(plan, t, Duration.ZERO);
    }

    private static Set<String> impairedAt(FaultPlan plan, Duration t, Duration settle) {
        Set<String> impaired = new HashSet<>();
        for (PlannedFault f : plan.faults()) {
            boolean running =
                    f.start().compareTo(t) <= 0 && f.end().plus(settle).compareTo(t) > 0;
            boolean bridge = f.spec().partition() != null && f.describe().contains("bridge");
            if (running && !bridge) {
                impaired.addAll(f.nodes());
            }
        }
        return impaired;
    }

    @Test
    void planYamlLoadsBackToTheSamePlan() throws Exception {
        LoadedExperiment loaded = load(1, 2, true).withSeed(77);
        PlannedExperiment planned = PlannedExperiment.plan(
                loaded,
                new TimeScale(0.25),
                Topology.fromShape(loaded.experiment().cluster()));
        Path planFile = PlanFile.write(planned.asWritten().experiment(), "test", dir.resolve("plan.yaml"));
        String text = Files.readString(planFile);
        assertTrue(!text.contains("generate:") && text.contains("node: az"), text);

        LoadedExperiment replay = new ExperimentLoader().load(planFile);
        assertEquals(planned.asWritten().experiment(), replay.experiment());
        PlannedExperiment replayed = PlannedExperiment.plan(
                replay,
                new TimeScale(0.25),
                Topology.fromShape(replay.experiment().cluster()));
        assertEquals(describe(planned.plan()), describe(replayed.plan()));
    }

    private static List<String> describe(FaultPlan plan) {
        List<String> lines = new ArrayList<>();
        plan.faults().forEach(f -> lines.add(f.toString()));
        return lines;
    }

    @Test
    void problemsInTheGenerateBlockNameTheirLine() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(
                file,
                GENERATED
                        .replace("STORAGE_NODES", "1")
                        .replace("MAX_CONCURRENT", "0")
                        .replace("KEEP_QUORUM", "true")
                        .replace("pause: 2", "pauze: 2")
                        .replace("min: 10s, max: 40s", "min: 50s, max: 40s"));
        ExperimentException e = assertThrows(ExperimentException.class, () -> new ExperimentLoader().load(file));
        String message = e.getMessage();
        assertTrue(
                message.contains("bad.yaml:19: field schedule[1].generate.faults.pauze: unknown fault kind 'pauze'"),
                message);
        assertTrue(
                message.contains("bad.yaml:20: field schedule[1].generate.duration.min: min 50s is above max 40s"),
                message);
        assertTrue(
                message.contains("bad.yaml:22: field schedule[1].generate.maxConcurrent: must be at least 1"), message);
    }

    @Test
    void aRingNeedsQuorumLossAllowed() throws Exception {
        Path file = dir.resolve("ring.yaml");
        Files.writeString(
                file,
                GENERATED
                        .replace("STORAGE_NODES", "2")
                        .replace("MAX_CONCURRENT", "1")
                        .replace("KEEP_QUORUM", "true")
                        .replace("pause: 2", "partition-ring: 2"));
        ExperimentException e = assertThrows(ExperimentException.class, () -> new ExperimentLoader().load(file));
        assertTrue(
                e.getMessage().contains("partition-ring can leave a replication group without a majority"),
                e.getMessage());
    }

    static String read(Path p) throws IOException {
        return Files.readString(p);
    }
}
