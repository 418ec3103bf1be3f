package dev.gameday.cluster;

import dev.gameday.faultfs.FaultFs;
import dev.gameday.faultfs.PowerLossReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault filesystems of one cluster, whatever system it runs: one per member, mounted on the host folder that
 * member's container binds as its data directory, so that a power-off can drop what the member had not synced and
 * disk faults can reach its files. The disk behind a member's mount is {@code DATA_ROOT/.faultfs/MEMBER/disk}; when
 * the cluster closes it goes back to the member's host folder, where a kept run's data is looked for.
 *
 * <pre>{@code
 * FaultFileSystems disks = new FaultFileSystems(dataRoot, PowerOffMode.POWER_LOSS, seed);
 * disks.mount("az1-etcd-1", hostDataDir);          // before the container binds hostDataDir
 * List<String> lost = disks.powerOff(members, m -> sigkill(m), m -> running(m));   // cut, kill, lose
 * }</pre>
 *
 * With {@link PowerOffMode#SIGKILL} and no disk faults nothing is mounted, and a power-off keeps what the host's page
 * cache holds.
 */
public final class FaultFileSystems implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FaultFileSystems.class);

    /** How long a power loss waits for a killed member's process to be gone before it touches its disk. */
    private static final Duration PROCESS_GONE_TIMEOUT = Duration.ofSeconds(30);

    private final Path dataRoot;
    private final PowerOffMode powerOff;
    private final long seed;
    private final Map<String, FaultFs> mounted = new LinkedHashMap<>();
    /** Power losses so far, over all members: each gets its own seed for the torn writes. */
    private int powerLosses;

    /**
     * @param dataRoot the host folder the members' data directories are in
     * @param powerOff what a power-off does to a member's disk
     * @param seed     the run's seed, from which each member's mount and each power loss is seeded
     */
    public FaultFileSystems(Path dataRoot, PowerOffMode powerOff, long seed) {
        this.dataRoot = dataRoot;
        this.powerOff = powerOff;
        this.seed = seed;
    }

    /** Refuses to go on without FUSE, naming what is missing. */
    public static void requireAvailable() {
        if (!FaultFs.available()) {
            throw new IllegalStateException("power losses and disk faults need a FUSE filesystem, but /dev/fuse or "
                    + "libfuse.so.2 is missing (scripts/ensure-packages installs libfuse2)");
        }
    }

    /** Mounts a fault filesystem on {@code hostDataDir}, the folder {@code member}'s container will bind. */
    public void mount(String member, Path hostDataDir) {
        requireAvailable();
        Path state = stateDir(member);
        try {
            Path disk = Files.createDirectories(state.resolve("disk"));
            mounted.put(
                    member,
                    FaultFs.mount(
                            disk, hostDataDir, state.resolve("trash"), seed(member, 0), powerOff.directoryEntries()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mount the fault filesystem of " + member, e);
        }
    }

    /** The fault filesystem under {@code member}'s data directory, for disk fault rules; empty if none. */
    public Optional<FaultFs> of(String member) {
        return Optional.ofNullable(mounted.get(member));
    }

    /**
     * Cuts these members' power at one instant: their disks stop syncing ({@link #cutPower}), then {@code kill}
     * SIGKILLs their processes, then each loses what it had not synced once {@code isRunning} says its process is gone
     * ({@link #loseUnsyncedWrites}). If the kill fails the power comes back, so that a member left running does not
     * wait for its disk for good. Returns what the power-off did, for nemesis.log and results.json.
     */
    public List<String> powerOff(List<String> members, Consumer<List<String>> kill, Predicate<String> isRunning) {
        List<FaultFs> cut = cutPower(members);
        try {
            kill.accept(members);
        } catch (RuntimeException e) {
            restorePower(cut);
            throw e;
        }
        List<String> lines = new ArrayList<>();
        for (String member : members) {
            lines.addAll(loseUnsyncedWrites(member, isRunning));
        }
        return lines;
    }

    /**
     * The power goes out on these members at this instant, when a power-off loses unsynced writes: from now on none
     * of their disks completes a sync, and their processes stop at their next disk request, however long the kills
     * then take. Returns the disks cut, for {@link #restorePower} if the power-off is called off.
     */
    private List<FaultFs> cutPower(Collection<String> members) {
        List<FaultFs> cut = new ArrayList<>();
        if (powerOff.losesUnsyncedWrites()) {
            for (String member : members) {
                FaultFs fs = mounted.get(member);
                if (fs != null) {
                    fs.cutPower();
                    cut.add(fs);
                }
            }
        }
        return cut;
    }

    /** Calls a cut off: the members were not powered off after all, and must not wait for their disks for good. */
    private static void restorePower(List<FaultFs> cut) {
        cut.forEach(FaultFs::restorePower);
    }

    /**
     * After a member's SIGKILL: waits until its process is gone ({@code isRunning} false), then drops what its disk had not synced. Returns
     * what the power-off did, one line per file (and a first line for the member), for nemesis.log and results.json;
     * with {@link PowerOffMode#SIGKILL} or no mount, the one line that says so.
     */
    private List<String> loseUnsyncedWrites(String member, Predicate<String> isRunning) {
        FaultFs fs = mounted.get(member);
        if (fs == null || !powerOff.losesUnsyncedWrites()) {
            return List.of(PowerOffMode.sigkillChange(member));
        }
        // The dead process's requests must be over before the disk loses what they wrote.
        Awaitility.await("power off " + member)
                .atMost(PROCESS_GONE_TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> !isRunning.test(member));
        PowerLossReport report = fs.powerLoss(seed(member, ++powerLosses), true);
        log.info("power loss on {}: {}", member, report.lines().get(0));
        List<String> lines = new ArrayList<>();
        for (String line : report.lines()) {
            lines.add(member + " " + line.strip());
        }
        return lines;
    }

    /**
     * Moves everything on {@code member}'s disk to {@code keptAt} and leaves it an empty disk, mounted again: what an
     * operator's "wipe the member's data directory, keep a copy" does. The member must be powered off.
     */
    public void emptyDisk(String member, Path keptAt) {
        FaultFs fs = mounted.remove(member);
        if (fs == null) {
            throw new IllegalStateException(member + " has no fault filesystem");
        }
        Path mountPoint = fs.mountPoint();
        fs.close();
        try {
            Files.move(stateDir(member).resolve("disk"), keptAt);
            // What the old disk's unsynced unlinks and renames had set aside belongs to the disk kept, not the new one.
            ContainerRun.deleteTree(stateDir(member).resolve("trash"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the data of " + member + " at " + keptAt, e);
        }
        mount(member, mountPoint);
    }

    /**
     * The seed of one member's fault filesystem, or of one power loss ({@code loss} 1, 2, ...; 0 for the mount):
     * from the run's seed, the member and the loss, so that members and losses differ from each other and across
     * seeds.
     */
    long seed(String member, long loss) {
        return new SplittableRandom(seed ^ ((long) member.hashCode() << 32) ^ (loss * 0x9E3779B97F4A7C15L)).nextLong();
    }

    private Path stateDir(String member) {
        return dataRoot.resolve(".faultfs").resolve(member);
    }

    /** Unmounts every fault filesystem and puts each disk back in its member's folder. Call it after the containers. */
    @Override
    public void close() {
        mounted.forEach((member, fs) -> {
            Path mountPoint = fs.mountPoint();
            fs.close();
            putDiskInPlace(member, mountPoint);
        });
        mounted.clear();
    }

    private void putDiskInPlace(String member, Path mountPoint) {
        Path state = stateDir(member);
        try {
            if (FaultFs.isMounted(mountPoint)) {
                log.warn(
                        "the fault filesystem of {} is still mounted; its data stays in {}",
                        member,
                        state.resolve("disk"));
                return;
            }
            Files.deleteIfExists(mountPoint); // the empty mount point
            Files.move(state.resolve("disk"), mountPoint);
            ContainerRun.deleteTree(state);
        } catch (IOException e) {
            log.warn("could not move the data of {} from {} to {}: {}", member, state, mountPoint, e.toString());
        }
    }
}
