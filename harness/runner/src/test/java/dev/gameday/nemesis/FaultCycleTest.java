package dev.gameday.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.nemesis.fault.Fault;
import dev.gameday.nemesis.fault.FaultContext;
import dev.gameday.schedule.FaultPlan;
import dev.gameday.schedule.PlannedFault;
import dev.gameday.schedule.Planner;
import dev.gameday.schedule.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fault type's whole cycle, validate, plan, inject, heal, against an engine with only the capability it needs. */
class FaultCycleTest {
    @TempDir
    Path dir;

    /** An engine that can only switch nodes off and on, and says what it was asked. */
    private static final class PowerOnlyCluster implements Cluster, Power {
        final List<String> calls = new ArrayList<>();
        private final Topology topology;

        PowerOnlyCluster(Topology topology) {
            this.topology = topology;
        }

        @Override
        public List<String> powerOff(String node) {
            calls.add("off " + node);
            return List.of();
        }

        @Override
        public void powerOn(String node) {
            calls.add("on " + node);
        }

        @Override
        public Topology topology() {
            return topology;
        }

        @Override
        public SteadyStateProbe steadyState() {
            throw new UnsupportedOperationException("the nemesis does not wait here");
        }

        @Override
        public List<Endpoint> endpoints() {
            throw new UnsupportedOperationException("no canaries here");
        }

        @Override
        public String leaderOf(String table, int partition) {
            throw new UnsupportedOperationException("no leader targets here");
        }
    }

    /** A power cycle: off and straight on again. Not shipped; it shows that a fault type is one small class. */
    private static final class PowerCycleFault implements Fault<Power> {
        @Override
        public Class<Power> capability() {
            return Power.class;
        }

        @Override
        public List<String> inject(Power power, FaultContext context) throws NemesisException {
            for (String node : context.nodes()) {
                power.powerOff(node);
                power.powerOn(node);
            }
            return List.of("cycled " + context.nodes());
        }

        @Override
        public void heal(Power power, FaultContext context) throws NemesisException {
            for (String node : context.nodes()) {
                power.powerOn(node);
            }
        }
    }

    /** An engine that can only move clocks, and says what it was asked. */
    private static final class ClocksOnlyCluster implements Cluster, Clocks {
        final List<String> calls = new ArrayList<>();
        private final Topology topology;

        ClocksOnlyCluster(Topology topology) {
            this.topology = topology;
        }

        @Override
        public String moveClock(int faultId, String node, dev.gameday.experiment.ClockSpec spec) {
            calls.add("move " + node + " " + spec);
            return "control '+300'";
        }

        @Override
        public void restoreClock(int faultId, String node) {
            calls.add("restore " + node);
        }

        @Override
        public Topology topology() {
            return topology;
        }

        @Override
        public SteadyStateProbe steadyState() {
            throw new UnsupportedOperationException("the nemesis does not wait here");
        }

        @Override
        public List<Endpoint> endpoints() {
            throw new UnsupportedOperationException("no canaries here");
        }

        @Override
        public String leaderOf(String table, int partition) {
            throw new UnsupportedOperationException("no leader targets here");
        }
    }

    private LoadedExperiment load(String fault) throws Exception {
        Path file = dir.resolve("cycle.yaml");
        Files.writeString(file, NemesisRunnerTest.EXPERIMENT.formatted("      - " + fault));
        return new ExperimentLoader().load(file);
    }

    private static Topology topology(LoadedExperiment loaded) {
        return Topology.fromShape(loaded.experiment().cluster());
    }

    @Test
    void aPowerOffIsPlannedInjectedAndHealedThroughPowerAlone() throws Exception {
        LoadedExperiment loaded = load("{type: power-off, target: {random: {count: 1}}, at: 0s, duration: 1s}");
        FaultPlan plan = Planner.plan(loaded, topology(loaded));
        PlannedFault fault = plan.faults().get(0);
        assertEquals(1, fault.nodes().size(), fault.toString());
        assertEquals("power-off of random count 1", fault.describe());

        PowerOnlyCluster cluster = new PowerOnlyCluster(topology(loaded));
        ClusterNemesis nemesis = new ClusterNemesis(cluster, 1);
        assertEquals(List.of(), nemesis.inject(fault, fault.nodes()));
        nemesis.heal(fault, fault.nodes(), step -> {});
        String node = fault.nodes().get(0);
        assertEquals(List.of("off " + node, "on " + node), cluster.calls);
    }

    @Test
    void aClockFaultMovesEachTargetNodesClockAndRecordsWhatItWasTold() throws Exception {
        LoadedExperiment loaded = load("{type: clock, clock: {kind: offset, by: 5m, clocks: both}, target: {az: az2},"
                + " at: 0s, duration: 1s}");
        PlannedFault fault = Planner.plan(loaded, topology(loaded)).faults().get(0);
        assertEquals("clock offset by 5m (both) of az az2", fault.describe());

        ClocksOnlyCluster cluster = new ClocksOnlyCluster(topology(loaded));
        ClusterNemesis nemesis = new ClusterNemesis(cluster, 1);
        List<String> changes = nemesis.inject(fault, fault.nodes());
        nemesis.heal(fault, fault.nodes(), step -> {});
        List<String> expectedChanges = new ArrayList<>();
        List<String> expectedCalls = new ArrayList<>();
        for (String node : fault.nodes()) {
            expectedChanges.add(node + ": clock offset by 5m (both), control '+300'");
            expectedCalls.add("move " + node + " offset by 5m (both)");
        }
        fault.nodes().forEach(node -> expectedCalls.add("restore " + node));
        assertEquals(expectedChanges, changes);
        assertEquals(expectedCalls, cluster.calls);
    }

    @Test
    void aFaultWhoseCapabilityTheEngineLacksFailsAndSaysWhich() throws Exception {
        LoadedExperiment loaded =
                load("{type: partition, partition: {shape: isolate}, target: {az: az1}," + " at: 0s, duration: 1s}");
        PlannedFault fault = Planner.plan(loaded, topology(loaded)).faults().get(0);
        PowerOnlyCluster cluster = new PowerOnlyCluster(topology(loaded));
        NemesisException e =
                assertThrows(NemesisException.class, () -> new ClusterNemesis(cluster, 1).inject(fault, fault.nodes()));
        assertTrue(e.getMessage().contains("partition") && e.getMessage().contains("Network"), e.getMessage());
        assertEquals(List.of(), cluster.calls);
    }

    @Test
    void aFaultTypeOwnsItsValidationWithTheFileAndLine() throws Exception {
        var problems = assertThrows(
                        ExperimentException.class,
                        () -> load("{type: corrupt, corrupt: {where: archive, how: flip-bits, when: at-rest}, at: 0s,"
                                + " duration: 1s}"))
                .problems();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(18, problems.get(0).line());
        assertEquals(
                "the archive is a service that never powers off: use live",
                problems.get(0).message());
    }

    @Test
    void aNewFaultClassRunsItsCycleAgainstAFakeCapability() throws Exception {
        LoadedExperiment loaded = load("{type: power-off, target: {node: az2-storage-1}, at: 0s, duration: 1s}");
        PlannedFault planned = Planner.plan(loaded, topology(loaded)).faults().get(0);
        PowerOnlyCluster cluster = new PowerOnlyCluster(topology(loaded));
        PowerCycleFault cycle = new PowerCycleFault();
        FaultContext context = new FaultContext(planned, planned.nodes(), cluster.topology(), 1, c -> {}, step -> {});

        assertEquals(
                List.of("cycled [az2-storage-1]"),
                cycle.inject(cycle.capability().cast(cluster), context));
        cycle.heal(cluster, context);
        assertEquals(List.of("off az2-storage-1", "on az2-storage-1", "on az2-storage-1"), cluster.calls);
    }
}
