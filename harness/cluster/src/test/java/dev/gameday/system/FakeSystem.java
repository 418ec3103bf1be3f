package dev.gameday.system;

import dev.gameday.canary.CanaryClient;
import dev.gameday.canary.Command;
import dev.gameday.canary.HistoryRecorder;
import dev.gameday.canary.ProcessIds;
import dev.gameday.experiment.ClusterShape;
import dev.gameday.nemesis.Cluster;
import dev.gameday.nemesis.Corruption;
import dev.gameday.nemesis.Endpoint;
import dev.gameday.nemesis.ExecutedFault;
import dev.gameday.nemesis.SteadyStateProbe;
import dev.gameday.report.ScrubSummary;
import dev.gameday.run.StoreAccess;
import dev.gameday.schedule.Topology;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A second system, registered in this module's test resources as a new system's module would register its own:
 * registers in this JVM behind one endpoint per router of the shape, no fault capabilities, no containers. It
 * remembers its last boot, so that a test can see that a run went through it.
 */
public final class FakeSystem implements SystemAdapter {

    static final String NAME = "fake-system";

    static volatile SystemBoot lastBoot;
    static volatile Running lastRunning;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Topology topology(ClusterShape shape) {
        return Topology.fromShape(shape);
    }

    @Override
    public RunningSystem boot(SystemBoot boot) throws IOException {
        lastBoot = boot;
        Path dataRoot = Files.createDirectories(boot.directory().dir().resolve("data"));
        lastRunning = new Running(topology(boot.planned().scaled().experiment().cluster()), dataRoot);
        return lastRunning;
    }

    /** The fake while it runs: its own cluster view and store access, linearizable because every call is serial. */
    static final class Running implements RunningSystem, Cluster, StoreAccess {
        private final Topology topology;
        private final Path dataRoot;
        private final Map<String, Object> registers = new TreeMap<>();
        volatile boolean closed;

        Running(Topology topology, Path dataRoot) {
            this.topology = topology;
            this.dataRoot = dataRoot;
        }

        @Override
        public Cluster cluster() {
            return this;
        }

        @Override
        public StoreAccess access() {
            return this;
        }

        @Override
        public Map<String, String> leaders() {
            return Map.of("registers", topology.storageNodes().get(0).name());
        }

        @Override
        public Path dataRoot() {
            return dataRoot;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public Topology topology() {
            return topology;
        }

        @Override
        public SteadyStateProbe steadyState() {
            return SteadyStateProbe.ALWAYS;
        }

        @Override
        public List<Endpoint> endpoints() {
            return topology.routers().stream()
                    .map(router -> new Endpoint(router.name(), router.az(), URI.create("fake://" + router.name())))
                    .toList();
        }

        @Override
        public String leaderOf(String table, int partition) {
            return topology.storageNodes().get(0).name();
        }

        @Override
        public CanaryClient client(String clientAz, Endpoint endpoint) {
            return this::execute;
        }

        private synchronized Object execute(Command command) {
            if (command.f().equals("read")) {
                return registers.get(command.key());
            }
            if (command.f().equals("write")) {
                registers.put(command.key(), command.value());
                return command.value();
            }
            throw new UnsupportedOperationException("the fake system has no " + command.f());
        }

        @Override
        public List<String> deliberateBugs() {
            return List.of();
        }

        @Override
        public Duration callTimeout() {
            return Duration.ofSeconds(1);
        }

        @Override
        public ScrubSummary finalReadsAndScrub(
                HistoryRecorder recorder,
                ProcessIds processIds,
                List<Corruption> injected,
                List<ExecutedFault> executed) {
            recorder.record(processIds.next(), "final-read", null, null, Map.of(), this::snapshot);
            return new ScrubSummary(1, 0, 0, 0, 0, true, List.of());
        }

        private synchronized Map<String, Object> snapshot() {
            return new TreeMap<>(registers);
        }
    }
}
