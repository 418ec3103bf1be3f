package com.example.redis;

import dev.gameday.canary.CanaryClient;
import dev.gameday.canary.Command;
import dev.gameday.canary.HistoryRecorder;
import dev.gameday.canary.ProcessIds;
import dev.gameday.cluster.ContainerLogFiles;
import dev.gameday.cluster.ContainerStateChange;
import dev.gameday.cluster.FaultFileSystems;
import dev.gameday.cluster.PowerControl;
import dev.gameday.cluster.RunContainers;
import dev.gameday.nemesis.Cluster;
import dev.gameday.nemesis.Corruption;
import dev.gameday.nemesis.Endpoint;
import dev.gameday.nemesis.ExecutedFault;
import dev.gameday.nemesis.NemesisException;
import dev.gameday.nemesis.Pause;
import dev.gameday.nemesis.Power;
import dev.gameday.nemesis.SteadyStateProbe;
import dev.gameday.report.ScrubSummary;
import dev.gameday.run.FinalReads;
import dev.gameday.run.StoreAccess;
import dev.gameday.schedule.Topology;
import dev.gameday.system.RunningSystem;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;

/**
 * The booted primary, as the run sees it: the nemesis's {@link Cluster} with the two faults Redis takes here
 * ({@link Power}, {@link Pause}), and the canaries' {@link StoreAccess}. Every fault action returns once the
 * container has changed state ({@link ContainerStateChange}); {@link #close()} removes every container of the run.
 */
public final class RunningRedis implements RunningSystem, Cluster, Power, Pause, StoreAccess {

    /** Far above Redis's answer time (milliseconds, an fsync included): a call this slow hit a fault. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    /** The final read may wait longer: its one answer is what the durability checker judges. */
    private static final Duration FINAL_READ_TIMEOUT = Duration.ofSeconds(20);

    private final RunContainers run;
    private final ContainerLogFiles logs;
    private final Topology.Member primary;
    private final String containerId;
    /** The primary's port on the host, direct: for the harness's own checks. */
    private final URI direct;
    /** The same port through the fault proxy's path {@code canary-to-<primary>}: for the canaries. */
    private final URI canaryPath;

    private final Path dataRoot;
    /** The primary's fault filesystem when a power-off is a power loss (none with SIGKILL). */
    private final FaultFileSystems disks;

    private final List<String> deliberateBugs;
    private final PowerControl power =
            new PowerControl(DockerClientFactory.instance().client());

    RunningRedis(
            RunContainers run,
            ContainerLogFiles logs,
            Topology.Member primary,
            String containerId,
            URI direct,
            URI canaryPath,
            Path dataRoot,
            FaultFileSystems disks,
            List<String> deliberateBugs) {
        this.run = run;
        this.logs = logs;
        this.primary = primary;
        this.containerId = containerId;
        this.direct = direct;
        this.canaryPath = canaryPath;
        this.dataRoot = dataRoot;
        this.disks = disks;
        this.deliberateBugs = deliberateBugs;
    }

    /** Until a canary write through the fault proxy is acknowledged: the run may start. */
    void awaitCanaryWrite(Duration timeout) throws InterruptedException {
        RedisCanaryClient client = new RedisCanaryClient(canaryPath, CALL_TIMEOUT);
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                client.execute(new Command("write", "ready", 1L, 1));
                return;
            } catch (Exception e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("no canary write through the fault proxy within " + timeout, e);
                }
                Thread.sleep(250);
            }
        }
    }

    // --- RunningSystem: what the run and the JUnit extension hold on to

    @Override
    public Cluster cluster() {
        return this;
    }

    @Override
    public StoreAccess access() {
        return this;
    }

    /** The primary leads the one copy there is, while it runs. */
    @Override
    public Map<String, String> leaders() {
        return power.isRunning(containerId) && !power.isStopped(containerId)
                ? Map.of("redis", primary.name())
                : Map.of();
    }

    @Override
    public Path dataRoot() {
        return dataRoot;
    }

    /** The containers first: nothing may use the fault filesystem when it is unmounted. */
    @Override
    public void close() {
        try (disks;
                logs) {
            run.close();
        }
    }

    // --- Cluster: members, endpoints, steady state

    @Override
    public Topology topology() {
        return new Topology(List.of(primary), List.of());
    }

    /** Every canary, whatever its AZ, goes to the primary through its fault-proxy path. */
    @Override
    public List<Endpoint> endpoints() {
        return List.of(new Endpoint(primary.name(), primary.az(), canaryPath));
    }

    /** A {@code partitionLeader} target is the primary: it holds every key. */
    @Override
    public String leaderOf(String table, int partition) {
        return primary.name();
    }

    /** Whole again once the primary answers PING (after a power-on, once it has replayed its append-only file). */
    @Override
    public SteadyStateProbe steadyState() {
        RedisCanaryClient probe = new RedisCanaryClient(direct, CALL_TIMEOUT);
        return () -> new SteadyStateProbe.Wait() {
            @Override
            public List<String> missing() {
                return probe.answers() ? List.of() : List.of(primary.name() + ": no PONG");
            }

            @Override
            public List<String> describe() {
                return List.of(primary.name() + (probe.answers() ? " answers PING" : " does not answer PING"));
            }
        };
    }

    // --- Power and Pause: the faults this system honours

    /**
     * SIGKILL; with a power loss the primary's disk stops syncing first, and once the process is gone it drops what
     * Redis had not synced (the cluster module's {@link FaultFileSystems} does both).
     */
    @Override
    public List<String> powerOff(String node) throws NemesisException {
        return ContainerStateChange.powerOff(
                List.of(checked(node)),
                members ->
                        disks.powerOff(members, all -> power.powerOff(containerId), m -> power.isRunning(containerId)),
                m -> power.isRunning(containerId));
    }

    @Override
    public void powerOn(String node) throws NemesisException {
        if (!power.isRunning(containerId)) {
            Instant startedAt = Instant.now();
            ContainerStateChange.await(
                    "power on", checked(node), () -> power.powerOn(containerId), () -> power.isRunning(containerId));
            logs.followAgain(DockerClientFactory.instance().client(), containerId, node, startedAt);
        }
    }

    @Override
    public void pause(String node) throws NemesisException {
        ContainerStateChange.await(
                "pause", checked(node), () -> power.pause(containerId), () -> power.isStopped(containerId));
    }

    @Override
    public void resume(String node) throws NemesisException {
        ContainerStateChange.await(
                "resume", checked(node), () -> power.resume(containerId), () -> !power.isStopped(containerId));
    }

    private String checked(String node) throws NemesisException {
        if (!node.equals(primary.name())) {
            throw new NemesisException("no redis member " + node + "; the one member is " + primary.name(), null);
        }
        return node;
    }

    // --- StoreAccess: canary clients and the final read

    @Override
    public CanaryClient client(String clientAz, Endpoint endpoint) {
        return new RedisCanaryClient(endpoint.uri(), CALL_TIMEOUT);
    }

    @Override
    public List<String> deliberateBugs() {
        return deliberateBugs;
    }

    @Override
    public Duration callTimeout() {
        return CALL_TIMEOUT;
    }

    /** Every key read back in one script through the canary path; nothing to scrub (one copy). */
    @Override
    public ScrubSummary finalReadsAndScrub(
            HistoryRecorder recorder, ProcessIds processIds, List<Corruption> injected, List<ExecutedFault> executed) {
        RedisCanaryClient reader = new RedisCanaryClient(canaryPath, FINAL_READ_TIMEOUT);
        FinalReads.untilOneCompletes(
                recorder, processIds, List.of(new FinalReads.Path(primary.name(), primary.az(), reader::scanAll)));
        return new ScrubSummary(0, 0, 0, 0, 0, true, List.of());
    }
}
