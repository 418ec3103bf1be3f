package dev.gameday.cluster;

import dev.gameday.experiment.ClusterShape;
import dev.gameday.experiment.Experiment;
import dev.gameday.schedule.Topology;
import dev.gameday.system.Refusals;
import dev.gameday.system.SystemAdapter;
import dev.gameday.system.SystemBoot;
import java.time.Duration;

/**
 * The store this repository ships ({@code system-under-test/}) as the system {@code gameday-store}, the default of
 * every experiment file. Boot: the fault proxy, then archive, storage nodes and routers in containers
 * ({@link StoreCluster}); the experiment's tables; readiness through every router path; then warm-up at the
 * experiment's own rate ({@link DynamoStoreAccess}). Storage nodes get fault filesystems under their data
 * directories when power-offs are power losses or the plan has disk faults, and libfaketime when it moves clocks.
 */
public final class GamedayStoreSystem implements SystemAdapter {

    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration TABLES_TIMEOUT = Duration.ofSeconds(30);
    /** Traffic until the JVMs have compiled their hot paths; part of boot time. */
    private static final Duration WARM_UP_BUDGET = Duration.ofSeconds(60);

    @Override
    public String name() {
        return Experiment.DEFAULT_SYSTEM;
    }

    @Override
    public Topology topology(ClusterShape shape) {
        return Topology.fromShape(shape);
    }

    /**
     * A power loss: each storage node runs over a fault filesystem that drops what the node had not synced, so an
     * acknowledged write that was only in a page cache is lost as it would be in a real power cut (SIGKILL keeps it).
     */
    @Override
    public PowerOffMode defaultPowerOff() {
        return PowerOffMode.POWER_LOSS;
    }

    @Override
    public RunningGamedayStore boot(SystemBoot boot) throws EnvironmentException, InterruptedException {
        refuseWhatTheStoreCannotDo(boot);
        // The scaled experiment: a continuous scrub's interval shrinks with the rest of the schedule.
        Experiment experiment = boot.planned().scaled().experiment();
        StoreCluster containers = new StoreCluster(
                StoreClusterSpec.of(experiment.cluster(), boot.storeBugs())
                        .withPowerOff(boot.powerOff())
                        .withMovableClocks(experiment.clocksMoved())
                        .withFaultFilesystem(boot.hasDiskFaults())
                        .withSeed(experiment.seed()),
                boot.directory(),
                boot.labels());
        DynamoStoreAccess access =
                new DynamoStoreAccess(containers, experiment.workload().table()).withClientBugs(boot.clientBugs());
        try {
            try {
                containers.start(BOOT_TIMEOUT);
                access.createTables(experiment.cluster().tables(), TABLES_TIMEOUT);
                access.awaitCanariesSucceed(BOOT_TIMEOUT);
                access.warmUp(
                        experiment.workload().ratePerAz()
                                * experiment.cluster().azs().size(),
                        WARM_UP_BUDGET);
            } catch (RuntimeException e) {
                throw new EnvironmentException(
                        "the cluster did not boot (logs in " + boot.directory().dir() + "): " + e.getMessage(), e);
            }
            return new RunningGamedayStore(containers, new ContainerCluster(containers, experiment.seed()), access);
        } catch (Exception | Error e) {
            try (containers;
                    access) {
                throw e;
            }
        }
    }

    /**
     * What an experiment of the store may not ask, at its line: an operator's repair of a corruption
     * ({@code repair: replace-member}), which is for systems that repair nothing themselves; the store's scrub repairs
     * its replicas, and that is what a corruption fault tests here.
     */
    public static void refuseWhatTheStoreCannotDo(SystemBoot boot) {
        Refusals.of(boot)
                .faultsWhere(
                        fault -> fault.corrupt() != null && fault.corrupt().repair() != null,
                        "/corrupt/repair",
                        "the Gameday store repairs corrupted replicas itself (its scrub, which this fault tests):"
                                + " leave repair out; replace-member is an operator's step for systems that repair"
                                + " nothing (etcd)")
                .throwIfAny();
    }
}
