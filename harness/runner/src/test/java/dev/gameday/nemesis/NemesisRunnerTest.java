package dev.gameday.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.canary.HistoryRecorder;
import dev.gameday.check.CheckResult;
import dev.gameday.check.FaultExecutionCheck;
import dev.gameday.check.RunFacts;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.history.HistoryReader;
import dev.gameday.history.HistoryWriter;
import dev.gameday.history.Op;
import dev.gameday.report.RunVerdict;
import dev.gameday.schedule.FaultPlan;
import dev.gameday.schedule.PlannedFault;
import dev.gameday.schedule.Planner;
import dev.gameday.schedule.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plays real plans against real processes: power-off is a real SIGKILL, pause a real SIGSTOP. */
class NemesisRunnerTest {
    /** An experiment of four nodes; {@code %s} is its one phase's faults, each a line indented six spaces. */
    static final String EXPERIMENT = """
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

    private final List<HistoryWriter> writers = new ArrayList<>();

    /** A history in the test's directory; {@link #nemesisOps} reads it back. */
    private HistoryRecorder recorder() throws IOException {
        HistoryWriter writer = new HistoryWriter(dir.resolve("history.edn"));
        writers.add(writer);
        return new HistoryRecorder(writer, List.of());
    }

    private List<Op> nemesisOps() throws Exception {
        for (HistoryWriter w : writers) {
            w.close();
        }
        return HistoryReader.read(dir.resolve("history.edn")).stream()
                .filter(op -> op.process() == Op.NEMESIS)
                .toList();
    }

    /** The topology of the experiment {@link #plan} wrote. */
    private Topology topology() throws Exception {
        return Topology.fromShape(new ExperimentLoader()
                .load(dir.resolve("nemesis.yaml"))
                .experiment()
                .cluster());
    }

    /** Wraps the real nemesis to read the real processes' states right after each action. */
    private static Nemesis observed(Nemesis real, LocalProcessCluster cluster, List<String> observations) {
        return new Nemesis() {
            @Override
            public List<String> inject(PlannedFault fault, List<String> nodes) throws NemesisException {
                List<String> changes = real.inject(fault, nodes);
                nodes.forEach(n -> observations.add("after inject " + n + "=" + state(cluster, n)));
                return changes;
            }

            @Override
            public void heal(PlannedFault fault, List<String> nodes, Consumer<String> repairSteps)
                    throws NemesisException {
                real.heal(fault, nodes, repairSteps);
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
            log.plan(plan, 1.0);
            List<ExecutedFault> executed = new NemesisRunner(
                            observed(new ClusterNemesis(cluster, 1), cluster, observations), cluster, log, recorder())
                    .run(plan);

            assertEquals(
                    List.of(
                            "after inject az1-storage-1=dead",
                            "after inject az1-storage-2=dead",
                            "after inject az2-storage-2=T",
                            "after heal az1-storage-1=running",
                            "after heal az1-storage-2=running",
                            "after heal az2-storage-2=running"),
                    observations);
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
        assertTrue(
                events.get(0)
                        .matches("\\+ +0\\.[0-9]{3}s START +#1 power-off of az az1 \\[az1-storage-1, az1-storage-2]"),
                events.get(0));
        assertTrue(events.get(1).contains("START  #2 pause of leader of canary/0 [az2-storage-2]"), events.get(1));
        List<String> history = nemesisOps().stream()
                .map(op -> op.type() + " " + op.f() + " " + op.extra().get("fault") + " " + op.value())
                .toList();
        assertEquals(
                List.of(
                        "INVOKE start-power-off 1 null", "INFO start-power-off 1 [az1-storage-1, az1-storage-2]",
                        "INVOKE start-pause 2 null", "INFO start-pause 2 [az2-storage-2]",
                        "INVOKE stop-power-off 1 [az1-storage-1, az1-storage-2]",
                                "INFO stop-power-off 1 [az1-storage-1, az1-storage-2]",
                        "INVOKE stop-pause 2 [az2-storage-2]", "INFO stop-pause 2 [az2-storage-2]"),
                history);
        assertTrue(events.get(2).contains("END    #1 power-off"), events.get(2));
        assertTrue(events.get(3).contains("END    #2 pause"), events.get(3));
    }

    @Test
    void aFaultWaitsUntilTheLastOnesNodeHasCaughtUpAndTheScheduleMovesWithIt() throws Exception {
        FaultPlan plan = plan("""
                      - {type: power-off, target: {node: az1-storage-1}, at: 50ms, duration: 100ms}
                      - {type: power-off, target: {node: az2-storage-1}, at: 300ms, duration: 200ms}
                """);
        ExecutedFault second;
        try (LocalProcessCluster cluster = new LocalProcessCluster(topology(), Map.of());
                NemesisLog log = new NemesisLog(dir.resolve("wait.log"))) {
            cluster.catchUp = Duration.ofMillis(700);
            List<ExecutedFault> executed = new NemesisRunner(new ClusterNemesis(cluster, 1), cluster, log, recorder())
                    .awaitingSteadyState(cluster.steadyState(), Duration.ofSeconds(5))
                    .run(plan);

            second = executed.get(1);
            assertTrue(executed.stream().allMatch(ExecutedFault::completed), executed.toString());
            // az1-storage-1 came back at 150 ms at the earliest and caught up 700 ms later.
            assertTrue(second.startedAt().toMillis() >= 800, second.toString());
            // The rest of the schedule moved by the wait: the fault heals that much after its planned end.
            assertTrue(
                    second.healedAt().compareTo(Duration.ofMillis(500).plus(second.steadyStateWait())) >= 0,
                    "moved with the schedule: " + second);
            assertFalse(second.steadyStateNotRestored());
        }
        // The wait began when the runner reached fault #2 (300 ms, later if its thread was descheduled, as
        // happens on a loaded 2-core machine) and lasted until the node had caught up. The log has when it
        // began, so the wait is checked against that instead of a fixed 450 ms that such a stall undercut.
        Duration waitBegan = logTime(dir.resolve("wait.log"), "WAIT   #2");
        assertTrue(waitBegan.toMillis() >= 300, "waited before fault #2 was due: " + waitBegan);
        // 850 ms at the earliest, less 1 ms because the log rounds to the millisecond.
        assertTrue(
                waitBegan.plus(second.steadyStateWait()).toMillis() >= 849,
                "stopped waiting before az1-storage-1 caught up: began " + waitBegan + ", " + second);
        String text = Files.readString(dir.resolve("wait.log"));
        assertTrue(text.contains("WAIT   #2 for the steady state: az1-storage-1 is catching up"), text);
        assertTrue(text.contains("STEADY #2 after"), text);
        assertTrue(text.contains("#2 at injection: az1-storage-1 steady"), text);
    }

    /** What a test's nemesis does after the real heal (repair steps, a delay). */
    @FunctionalInterface
    private interface AfterHeal {
        void run(PlannedFault fault, Consumer<String> repairSteps) throws NemesisException;
    }

    /** {@code real}, with {@code after} run after each of its heals. */
    private static Nemesis healingThen(Nemesis real, AfterHeal after) {
        return new Nemesis() {
            @Override
            public List<String> inject(PlannedFault fault, List<String> nodes) throws NemesisException {
                return real.inject(fault, nodes);
            }

            @Override
            public void heal(PlannedFault fault, List<String> nodes, Consumer<String> repairSteps)
                    throws NemesisException {
                real.heal(fault, nodes, repairSteps);
                after.run(fault, repairSteps);
            }
        };
    }

    private static void sleep(long millis) throws NemesisException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new NemesisException("interrupted", e);
        }
    }

    /** The run time of the first nemesis log line containing {@code text} ({@code +     0.300s TEXT}). */
    private static Duration logTime(Path logFile, String text) throws IOException {
        String line = Files.readAllLines(logFile).stream()
                .filter(l -> l.contains(text))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no '" + text + "' in " + logFile));
        java.util.regex.Matcher time =
                java.util.regex.Pattern.compile("^\\+ *([0-9]+\\.[0-9]{3})s").matcher(line);
        assertTrue(time.find(), line);
        return Duration.ofNanos(Math.round(Double.parseDouble(time.group(1)) * 1e9));
    }

    @Test
    void aClusterThatDoesNotComeBackInTimeFailsInsteadOfTakingAnotherReplica() throws Exception {
        FaultPlan plan = plan("""
                      - {type: power-off, target: {node: az1-storage-1}, at: 50ms, duration: 100ms}
                      - {type: power-off, target: {node: az2-storage-1}, at: 300ms, duration: 200ms}
                """);
        try (LocalProcessCluster cluster = new LocalProcessCluster(topology(), Map.of());
                NemesisLog log = new NemesisLog(dir.resolve("nowait.log"))) {
            cluster.catchUp = Duration.ofSeconds(30);
            List<ExecutedFault> executed = new NemesisRunner(new ClusterNemesis(cluster, 1), cluster, log, recorder())
                    .awaitingSteadyState(cluster.steadyState(), Duration.ofMillis(400))
                    .run(plan);

            ExecutedFault second = executed.get(1);
            assertTrue(second.steadyStateNotRestored(), second.toString());
            assertEquals("az1-storage-1 is catching up", second.steadyStateMissing());
            assertNull(second.startedAt(), "not injected");
            assertNotEquals("dead", cluster.state("az2-storage-1"));
            CheckResult check = new FaultExecutionCheck()
                    .check(new RunFacts(List.of(), null, executed, Duration.ZERO, null, Map.of(), null, List.of()));
            assertEquals(RunVerdict.FAIL, check.verdict(), check.reasons().toString());
            assertTrue(
                    check.reasons().get(0).startsWith("steady state: not restored within 0.4"),
                    check.reasons().toString());
        }
        assertTrue(Files.readString(dir.resolve("nowait.log")).contains("FAILED #2 power-off"));
    }

    @Test
    void abortHealsActiveFaultsAndSkipsTheRest() throws Exception {
        FaultPlan plan = plan("""
                      - {type: pause, target: {node: az1-storage-1}, at: 50ms, duration: 1800ms}
                      - {type: power-off, target: {node: az2-storage-1}, at: 1500ms, duration: 100ms}
                """);
        try (LocalProcessCluster cluster = new LocalProcessCluster(topology(), Map.of());
                NemesisLog log = new NemesisLog(dir.resolve("abort.log"))) {
            // The abort comes once the pause is in, not after a fixed sleep: the sleep raced with the
            // runner's start on a loaded machine (a late start meant an abort before anything was injected).
            java.util.concurrent.CountDownLatch paused = new java.util.concurrent.CountDownLatch(1);
            Nemesis real = new ClusterNemesis(cluster, 1);
            Nemesis signalling = new Nemesis() {
                @Override
                public List<String> inject(PlannedFault fault, List<String> nodes) throws NemesisException {
                    List<String> changes = real.inject(fault, nodes);
                    paused.countDown();
                    return changes;
                }

                @Override
                public void heal(PlannedFault fault, List<String> nodes, Consumer<String> repairSteps)
                        throws NemesisException {
                    real.heal(fault, nodes, repairSteps);
                }
            };
            NemesisRunner runner = new NemesisRunner(signalling, cluster, log, recorder());
            Thread aborter = new Thread(() -> {
                try {
                    if (!paused.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                        return; // never injected: the assertions below say so
                    }
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
            // Healed at the abort, right after the injection at 50 ms: far below the planned end at 1850 ms
            // even if a thread loses a few hundred ms to a loaded machine.
            assertTrue(executed.get(0).healedAt().toMillis() < 1000, "healed at abort, not at 1850ms");
            assertFalse(executed.get(1).completed());
            assertNull(executed.get(1).startedAt());
            assertTrue(
                    executed.get(1).error().contains("skipped: run aborted (stop condition"),
                    executed.get(1).error());
            assertNotEquals("dead", cluster.state("az2-storage-1"));
        }
        assertTrue(Files.readString(dir.resolve("abort.log")).contains("ABORT stop condition"));
    }

    /**
     * A heal that does an operator's repair: each step is in nemesis.log at the time it was done and among the
     * fault's changes with its offset, and the rest of the schedule moves as much later as the heal took.
     */
    @Test
    void aRepairAtTheHealIsLoggedStepByStepAndMovesTheRestOfTheSchedule() throws Exception {
        FaultPlan plan = plan("""
                      - {type: pause, target: {node: az1-storage-1}, at: 10ms, duration: 50ms}
                """);
        try (LocalProcessCluster cluster = new LocalProcessCluster(topology(), Map.of());
                NemesisLog log = new NemesisLog(dir.resolve("repair.log"))) {
            Nemesis repairing = healingThen(new ClusterNemesis(cluster, 1), (fault, repairSteps) -> {
                repairSteps.accept("detected: az1-storage-1 exited");
                sleep(400);
                repairSteps.accept("az1-storage-1 replaced");
            });
            NemesisRunner runner = new NemesisRunner(repairing, cluster, log, recorder());
            List<ExecutedFault> executed = runner.run(plan);

            assertTrue(executed.get(0).completed(), executed.get(0).toString());
            List<String> repairs = executed.get(0).changes().stream()
                    .filter(c -> c.startsWith("repair at +"))
                    .toList();
            assertEquals(2, repairs.size(), executed.get(0).changes().toString());
            assertTrue(repairs.get(0).endsWith(": detected: az1-storage-1 exited"), repairs.get(0));
            assertTrue(repairs.get(1).endsWith(": az1-storage-1 replaced"), repairs.get(1));
            assertTrue(runner.scheduleShift().toMillis() >= 400, "moved by the heal: " + runner.scheduleShift());
        }
        String log = Files.readString(dir.resolve("repair.log"));
        assertTrue(log.contains("REPAIR #1 detected: az1-storage-1 exited"), log);
        assertTrue(log.contains("REPAIR #1 az1-storage-1 replaced"), log);
        assertTrue(log.indexOf("REPAIR #1 az1-storage-1 replaced") < log.indexOf("END    #1"), log);
        assertTrue(log.contains("the rest of the schedule runs"), log);
    }

    /**
     * A slow heal without repair steps (a power-on waiting for Docker on a loaded machine) moves the rest of the
     * schedule too: the second fault still starts its planned gap after the first one's heal ended, so the phases
     * after a heal keep their lengths.
     */
    @Test
    void aSlowHealMovesTheRestOfTheSchedule() throws Exception {
        FaultPlan plan = plan("""
                      - {type: pause, target: {node: az1-storage-1}, at: 10ms, duration: 50ms}
                      - {type: pause, target: {node: az1-storage-1}, at: 200ms, duration: 50ms}
                """);
        try (LocalProcessCluster cluster = new LocalProcessCluster(topology(), Map.of());
                NemesisLog log = new NemesisLog(dir.resolve("slow.log"))) {
            Nemesis slowFirstHeal = healingThen(new ClusterNemesis(cluster, 1), (fault, repairSteps) -> {
                if (fault.id() == 1) {
                    sleep(1100);
                }
            });
            NemesisRunner runner = new NemesisRunner(slowFirstHeal, cluster, log, recorder());
            List<ExecutedFault> executed = runner.run(plan);

            assertTrue(runner.scheduleShift().toMillis() >= 1100, "moved by the heal: " + runner.scheduleShift());
            // Planned at +200 ms, #2 moves by the heal's 1,100 ms. Without the move it would start as soon as the heal
            // returned, at about +1,160 ms (later by as much as #1's heal began late on a loaded machine, which is why
            // this is not measured from the heal: at load 16 the gap was 97 ms of the planned 140).
            long started = executed.get(1).startedAt().toMillis();
            assertTrue(started >= 200 + 1100, "#2 started at +" + started + " ms");
        }
        String log = Files.readString(dir.resolve("slow.log"));
        assertTrue(log.contains("SLOW   #1 heal took"), log);
    }

    @Test
    void aFailedInjectionIsRecordedNotHidden() throws Exception {
        FaultPlan plan = plan("""
                      - {type: pause, target: {partitionLeader: {table: canary, partition: 0}}, at: 10ms, duration: 50ms}
                """);
        // The leader lookup answers a node the cluster does not have.
        try (LocalProcessCluster cluster = new LocalProcessCluster(topology(), Map.of("canary/0", "az9-storage-1"));
                NemesisLog log = new NemesisLog(dir.resolve("failed.log"))) {
            List<ExecutedFault> executed =
                    new NemesisRunner(new ClusterNemesis(cluster, 1), cluster, log, recorder()).run(plan);
            assertFalse(executed.get(0).completed());
            assertTrue(
                    executed.get(0).error().contains("inject failed: no node az9-storage-1"),
                    executed.get(0).error());
        }
        assertTrue(Files.readString(dir.resolve("failed.log")).contains("FAILED #1 pause"));
    }

    @Test
    void networkAndDiskFaultsReachTheClusterAndHealExactlyWhatTheyDid() throws Exception {
        FaultPlan plan = plan("""
                      - {type: partition, partition: {shape: one-way}, target: {node: az1-storage-1}, at: 50ms, duration: 400ms}
                      - {type: link, link: {paths: clients, toxics: [{type: latency, attributes: {latency: 100}}]}, target: {az: az2}, at: 100ms, duration: 200ms}
                      - {type: corrupt, corrupt: {where: log-tail, how: truncate, when: at-rest}, target: {node: az2-storage-2}, at: 150ms, duration: 200ms}
                """);
        List<String> during = new ArrayList<>();
        try (LocalProcessCluster cluster = new LocalProcessCluster(topology(), Map.of());
                NemesisLog log = new NemesisLog(dir.resolve("network.log"))) {
            Nemesis watched = new Nemesis() {
                private final ClusterNemesis real = new ClusterNemesis(cluster, 1);

                @Override
                public List<String> inject(PlannedFault fault, List<String> nodes) throws NemesisException {
                    List<String> changes = real.inject(fault, nodes);
                    during.add(fault.id() + ": partitions " + cluster.activePartitions.keySet() + ", links "
                            + cluster.degradedLinks + ", az2-storage-2 " + state(cluster, "az2-storage-2"));
                    return changes;
                }

                @Override
                public void heal(PlannedFault fault, List<String> nodes, Consumer<String> repairSteps)
                        throws NemesisException {
                    real.heal(fault, nodes, repairSteps);
                }
            };
            List<ExecutedFault> executed = new NemesisRunner(watched, cluster, log, recorder()).run(plan);

            assertEquals(
                    List.of(
                            "1: partitions [1], links {}, az2-storage-2 running",
                            "2: partitions [1], links {2=[az2-router-1]}, az2-storage-2 running",
                            "3: partitions [1], links {2=[az2-router-1]}, az2-storage-2 dead"),
                    during,
                    "client paths of az2 are its routers'; an at-rest corruption powers the node off first");
            assertTrue(cluster.activePartitions.isEmpty(), "healed: " + cluster.activePartitions);
            assertTrue(cluster.degradedLinks.isEmpty(), "healed: " + cluster.degradedLinks);
            assertEquals("running", state(cluster, "az2-storage-2"), "powered on when the at-rest corruption ends");
            assertEquals(
                    3,
                    executed.get(0).changes().get(0).split("-/->").length - 1,
                    "one-way from az1-storage-1 to the 3 other nodes: "
                            + executed.get(0).changes());
            assertTrue(
                    executed.get(2).changes().get(0).contains("log-tail of data-0 on az2-storage-2"),
                    executed.get(2).changes().toString());
        }
        assertTrue(Files.readString(dir.resolve("network.log"))
                .contains("#3 truncated to 0 bytes (0 cut) of /recorded/only"));
    }

    /** A ring has no target at all; a bridge has one node. Both must reach the cluster and heal. */
    @Test
    void partitionsWithoutAnAzTargetReachTheCluster() throws Exception {
        FaultPlan plan = plan("""
                      - {type: partition, partition: {shape: bridge}, target: {node: az1-storage-1}, at: 10ms, duration: 100ms}
                      - {type: partition, partition: {shape: ring}, at: 300ms, duration: 100ms}
                """);
        try (LocalProcessCluster cluster = new LocalProcessCluster(topology(), Map.of());
                NemesisLog log = new NemesisLog(dir.resolve("shapes.log"))) {
            List<ExecutedFault> executed =
                    new NemesisRunner(new ClusterNemesis(cluster, 1), cluster, log, recorder()).run(plan);
            for (ExecutedFault fault : executed) {
                assertTrue(fault.completed(), fault.error());
            }
            // Four nodes: the bridge's three others split 1 + 2, cut both ways (2 pairs); a ring of four cuts each
            // node from the one that is not its neighbour (2 pairs).
            assertEquals(
                    4,
                    executed.get(0).changes().get(0).split("-/->").length - 1,
                    executed.get(0).changes().toString());
            assertFalse(executed.get(0).changes().get(0).contains("az1-storage-1"), "the bridge sees everyone");
            assertEquals(
                    4,
                    executed.get(1).changes().get(0).split("-/->").length - 1,
                    executed.get(1).changes().toString());
            assertTrue(cluster.activePartitions.isEmpty(), "healed: " + cluster.activePartitions);
        }
    }

    @Test
    void twoOperatorsInjectingAtOnceAreServedOneAfterTheOtherAndBothLogged() throws Exception {
        FaultPlan plan = plan("""
                      - {type: power-off, target: {node: az1-storage-1}, at: 0s, duration: 1s}
                      - {type: pause, target: {node: az2-storage-2}, at: 0s, duration: 1s}
                """);
        Path logFile = dir.resolve("operators.log");
        try (LocalProcessCluster cluster = new LocalProcessCluster(topology(), Map.of());
                NemesisLog log = new NemesisLog(logFile)) {
            NemesisRunner runner = new NemesisRunner(new ClusterNemesis(cluster, 1), cluster, log, recorder());
            List<Thread> operators = new ArrayList<>();
            List<ExecutedFault> injected = java.util.Collections.synchronizedList(new ArrayList<>());
            for (PlannedFault fault : plan.faults()) {
                operators.add(new Thread(() -> injected.add(runner.injectNow(fault, "console/op" + fault.id()))));
            }
            operators.forEach(Thread::start);
            for (Thread t : operators) {
                t.join();
            }
            assertEquals(2, injected.size());
            assertEquals("dead", cluster.state("az1-storage-1"));
            assertEquals("T", cluster.state("az2-storage-2"));

            List<ExecutedFault> healed = runner.healOperated("the game day ended");
            assertTrue(healed.stream().allMatch(ExecutedFault::completed), healed.toString());
            assertNotEquals("dead", cluster.state("az1-storage-1"));
            assertNotEquals("T", cluster.state("az2-storage-2"));

            runner.abort("a stop condition fired");
            try {
                runner.injectNow(plan.faults().get(0), "console/late");
                throw new AssertionError("injected after the run was aborted");
            } catch (IllegalStateException refused) {
                assertTrue(refused.getMessage().contains("a stop condition fired"), refused.getMessage());
            }
        }
        String text = Files.readString(logFile);
        assertTrue(text.contains("OPERATOR inject #1 power-off of node az1-storage-1 (by console/op1)"), text);
        assertTrue(text.contains("OPERATOR inject #2 pause of node az2-storage-2 (by console/op2)"), text);
        assertTrue(text.contains("OPERATOR heal everything: the game day ended"), text);
        assertEquals(8, nemesisOps().size(), "an invocation and a completion per start and heal");
    }
}
