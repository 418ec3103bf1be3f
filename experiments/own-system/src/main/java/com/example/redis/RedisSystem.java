package com.example.redis;

import dev.gameday.canary.ClientBug;
import dev.gameday.cluster.ContainerLogFiles;
import dev.gameday.cluster.EnvironmentException;
import dev.gameday.cluster.FaultFileSystems;
import dev.gameday.cluster.PowerOffMode;
import dev.gameday.cluster.RunContainers;
import dev.gameday.cluster.StaleResourceSweeper;
import dev.gameday.cluster.StoreCluster;
import dev.gameday.experiment.ClusterShape;
import dev.gameday.experiment.FaultType;
import dev.gameday.schedule.Topology;
import dev.gameday.system.Refusals;
import dev.gameday.system.SystemAdapter;
import dev.gameday.system.SystemBoot;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.toxiproxy.ToxiproxyContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The adapter a team writes to run Gameday's experiment files against its own service, here Debian's
 * {@code redis-server} as the system {@code redis}: one primary in the experiment's first AZ, every write on disk
 * before it is answered (append-only file, fsync on every write, no snapshots), and canaries in every AZ reaching it
 * through the fault proxy. It honours power-off (a power loss over a fault filesystem unless the run says
 * {@code --power-off sigkill}) and pause (SIGSTOP) of the primary; anything else an experiment asks for is refused at
 * its line before a container starts.
 *
 * <p>{@link WithoutAppendOnlyFile} ({@code system: redis-without-aof}) is the same with Redis's out-of-the-box
 * persistence, occasional snapshots: a configuration mistake that the gate must catch. {@link FsyncEverySecond}
 * ({@code system: redis-fsync-everysec}) answers before its append-only file is synced: only a power loss shows it.
 */
public class RedisSystem implements SystemAdapter {

    public static final String NAME = "redis";
    /** Built by scripts/build-images from this module's src/main/docker/Dockerfile. */
    static final DockerImageName IMAGE = DockerImageName.parse("gameday/own-system-example:dev");

    static final int PORT = 6379;
    static final String FAULT_PROXY = "fault-proxy";
    /** The first of the ports the fault proxy's container exposes for paths. */
    private static final int CANARY_PATH_PORT = 8666;

    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(1);
    private static final Set<FaultType> HONOURED = Set.of(FaultType.POWER_OFF, FaultType.PAUSE);

    private final String name;
    private final List<String> persistence;
    private final List<String> deliberateBugs;

    public RedisSystem() {
        this(NAME, List.of("--appendonly", "yes", "--appendfsync", "always", "--save", ""), List.of());
    }

    RedisSystem(String name, List<String> persistence, List<String> deliberateBugs) {
        this.name = name;
        this.persistence = persistence;
        this.deliberateBugs = deliberateBugs;
    }

    /** Redis as installed, with its default snapshots only: acknowledged writes live in memory until the next one. */
    public static final class WithoutAppendOnlyFile extends RedisSystem {
        public WithoutAppendOnlyFile() {
            super("redis-without-aof", List.of("--appendonly", "no"), List.of("appendonly-no"));
        }
    }

    /**
     * The append-only file synced once a second ({@code appendfsync everysec}, Redis's own default for it): a write
     * is answered once it is in the file, before it is on disk. A SIGKILL keeps it (the page cache has it), a power
     * loss drops up to a second of acknowledged writes: only the fault filesystem sees this one.
     */
    public static final class FsyncEverySecond extends RedisSystem {
        public FsyncEverySecond() {
            super(
                    "redis-fsync-everysec",
                    List.of("--appendonly", "yes", "--appendfsync", "everysec", "--save", ""),
                    List.of("appendfsync-everysec"));
        }
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * A power loss: the primary's data directory is a fault filesystem (the cluster module's {@link FaultFileSystems})
     * that drops what Redis had not synced when it loses power.
     */
    @Override
    public PowerOffMode defaultPowerOff() {
        return PowerOffMode.POWER_LOSS;
    }

    /** One member, the primary, in the first AZ; canaries in every AZ talk to it, so there are no routers. */
    @Override
    public Topology topology(ClusterShape shape) {
        return new Topology(
                List.of(new Topology.Member(primaryName(shape), shape.azs().get(0))), List.of());
    }

    static String primaryName(ClusterShape shape) {
        return shape.azs().get(0) + "-redis-1";
    }

    @Override
    public RunningRedis boot(SystemBoot boot) throws EnvironmentException, InterruptedException {
        refuseWhatRedisCannotDo(boot);
        ClusterShape shape = boot.planned().scaled().experiment().cluster();
        String primary = primaryName(shape);
        Path runDir = boot.directory().dir();
        new StaleResourceSweeper(DockerClientFactory.instance().client()).sweep();
        // RunContainers labels every container for the run and removes them at its end (also on Ctrl-C).
        RunContainers run = new RunContainers(boot.labels(), List.of(primary, FAULT_PROXY));
        ContainerLogFiles logs = new ContainerLogFiles(
                member -> runDir.resolve(member + ".log"), boot.labels().runId());
        FaultFileSystems disks = new FaultFileSystems(
                runDir.resolve("data"),
                boot.powerOff(),
                boot.planned().scaled().experiment().seed());
        try {
            ToxiproxyContainer proxy = new ToxiproxyContainer(StoreCluster.FAULT_PROXY_IMAGE)
                    .withLogConsumer(logs.consumerFor(FAULT_PROXY));
            run.add(proxy, FAULT_PROXY);
            proxy.start();
            new ToxiproxyClient(proxy.getHost(), proxy.getControlPort())
                    .createProxy(
                            "canary-to-" + primary,
                            run.address(FAULT_PROXY) + ":" + CANARY_PATH_PORT,
                            primary + ":" + PORT);

            Path dataDir = Files.createDirectories(runDir.resolve("data").resolve(primary));
            if (boot.powerOff().losesUnsyncedWrites()) {
                disks.mount(primary, dataDir); // before the container binds it
            }
            List<String> command = new ArrayList<>(List.of("--bind", "0.0.0.0", "--protected-mode", "no"));
            command.addAll(persistence);
            GenericContainer<?> redis = new GenericContainer<>(IMAGE)
                    .withCommand(command.toArray(String[]::new))
                    .withFileSystemBind(dataDir.toString(), "/data", BindMode.READ_WRITE)
                    .withLabel("dev.gameday.az", shape.azs().get(0))
                    .withLogConsumer(logs.consumerFor(primary))
                    .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1));
            run.add(redis, primary, PORT);
            redis.start();

            RunningRedis running = new RunningRedis(
                    run,
                    logs,
                    new Topology.Member(primary, shape.azs().get(0)),
                    redis.getContainerId(),
                    URI.create("redis://" + redis.getHost() + ":" + redis.getMappedPort(PORT)),
                    URI.create("redis://" + proxy.getHost() + ":" + proxy.getMappedPort(CANARY_PATH_PORT)),
                    runDir.resolve("data"),
                    disks,
                    deliberateBugs);
            running.awaitCanaryWrite(BOOT_TIMEOUT);
            return running;
        } catch (IOException | RuntimeException e) {
            try (disks;
                    logs;
                    run) {
                throw new EnvironmentException("redis did not boot (logs in " + runDir + "): " + e.getMessage(), e);
            }
        } catch (InterruptedException e) {
            try (disks;
                    logs;
                    run) {
                throw e;
            }
        }
    }

    /** Everything a redis run cannot honour, all at once, at its line in the experiment file. */
    static void refuseWhatRedisCannotDo(SystemBoot boot) {
        ClusterShape shape = boot.planned().asWritten().experiment().cluster();
        Refusals.of(boot)
                .faultTypesOtherThan(HONOURED, type -> "system: redis takes power-off and pause faults, not " + type)
                .where(
                        "/cluster/storageNodesPerAz",
                        shape.storageNodesPerAz() != 1,
                        "system: redis runs one primary, in the first AZ: write 1")
                .where(
                        "/cluster/scrubEvery",
                        shape.scrubEvery() != null,
                        "system: redis has one copy, nothing to scrub")
                .throwIfAny();
        if (boot.storeBugs().any()) {
            throw new IllegalArgumentException(
                    "--store-bug switches bugs of the Gameday store; system: redis has none");
        }
        if (!boot.clientBugs().isEmpty()) {
            throw new IllegalArgumentException(
                    "--client-bug " + ClientBug.optionNames(boot.clientBugs())
                            + ": system: redis has one primary, which answers every read itself; there is no weaker read to ask for");
        }
    }
}
