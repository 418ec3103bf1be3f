package dev.gameday.faultfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mounted fault filesystem: {@code mountPoint} shows {@code backing} through FUSE, remembering what
 * is not yet durable so {@link #powerLoss} can drop it, and obeying the {@link #rules()} a nemesis sets.
 *
 * <pre>{@code
 * try (FaultFs fs = FaultFs.mount(backing, mountPoint, trash, seed)) {
 *   ... the store runs on mountPoint ...; its container is killed ...
 *   PowerLossReport lost = fs.powerLoss(seed, true);   // nothing may use the mount now
 *   ... the store starts again on mountPoint ...
 * }
 * }</pre>
 *
 * Mount options: {@code allow_other} (a container's user reaches the mount through a bind mount),
 * {@code attr_timeout=0,entry_timeout=0,negative_timeout=0} and no {@code kernel_cache} (after a power
 * loss the kernel must not serve a size, name or page that was dropped: FUSE drops a file's page cache
 * when it is opened again), {@code hard_remove} (an unlinked open file is really unlinked, not renamed to
 * .fuse_hidden). Mounting needs root (or fusermount) and /dev/fuse.
 */
public final class FaultFs implements AutoCloseable {

    /** A mount's source names the process serving it ("faultfs-1234"), so a later run can tell a stale one. */
    private static final String FSNAME_PREFIX = "faultfs-";

    /** How long an unmount waits for the serving threads to see the connection end (they do at once when idle). */
    private static final long LOOPS_END_MILLIS = 5_000;

    private static final Logger log = LoggerFactory.getLogger(FaultFs.class);

    private final Path mountPoint;
    private final Durability durability;
    private final FaultRules rules;
    private final FaultFsOperations operations;
    private boolean mounted;
    private FuseSession session;
    /** Unmounts on JVM exit (Ctrl-C): the FUSE loop dies with the JVM and would leave a dead mount behind. */
    private final Thread unmountOnExit;

    private FaultFs(Path backing, Path mountPoint, Path trash, long seed, DirectoryEntries directoryEntries) {
        this.mountPoint = mountPoint;
        this.durability = new Durability(backing, trash, directoryEntries);
        this.rules = new FaultRules(seed);
        this.operations = new FaultFsOperations(durability, rules);
        this.unmountOnExit = new Thread(() -> lazyUnmount(mountPoint), "faultfs-unmount-" + mountPoint.getFileName());
    }

    /** Whether this host can mount: /dev/fuse and libfuse.so.2 (Debian's libfuse2) are there. */
    public static boolean available() {
        return Files.exists(Path.of("/dev/fuse"))
                && (Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libfuse.so.2"))
                        || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libfuse.so.2"))
                        || Files.exists(Path.of("/lib/x86_64-linux-gnu/libfuse.so.2")));
    }

    /**
     * Mounts {@code backing} (an existing directory) on {@code mountPoint} (created if missing, must be
     * empty). {@code trash} keeps unlinked files until their directory is synced; it must be on the same
     * filesystem as {@code backing} and outside the mount. {@code seed} drives error probabilities and jitter.
     */
    public static FaultFs mount(Path backing, Path mountPoint, Path trash, long seed) throws IOException {
        return mount(backing, mountPoint, trash, seed, DirectoryEntries.JOURNALED);
    }

    /** As {@link #mount(Path, Path, Path, long)}, with the model of when directory entry changes are durable. */
    public static FaultFs mount(Path backing, Path mountPoint, Path trash, long seed, DirectoryEntries directoryEntries)
            throws IOException {
        if (!Files.isDirectory(backing)) {
            throw new IOException("faultfs backing directory " + backing + " does not exist");
        }
        Files.createDirectories(mountPoint);
        FaultFs fs = new FaultFs(backing.toRealPath(), mountPoint, trash.toAbsolutePath(), seed, directoryEntries);
        String[] options = {
            "allow_other,hard_remove,attr_timeout=0,entry_timeout=0,negative_timeout=0,big_writes,max_write=131072",
            "fsname=" + FSNAME_PREFIX + ProcessHandle.current().pid() + ",subtype=faultfs"
        };
        try {
            fs.session = FuseSession.mount(
                    mountPoint, fs.operations.structure(), List.of(options), "faultfs-" + mountPoint.getFileName());
        } catch (IllegalStateException e) {
            throw new IOException("faultfs could not mount on " + mountPoint, e);
        }
        fs.mounted = true;
        Runtime.getRuntime().addShutdownHook(fs.unmountOnExit);
        return fs;
    }

    /** Where the filesystem is mounted. */
    public Path mountPoint() {
        return mountPoint;
    }

    /** The fault rules in force: latency, EIO, the fsync gate, a full disk. */
    public FaultRules rules() {
        return rules;
    }

    /**
     * The power goes out at this instant: no sync completes from now on, and every request that would change the
     * disk or sync it waits, unanswered, until its process is killed. Then kill the processes using the mount and
     * call {@link #powerLoss} (or {@link #restorePower} to call the power-off off). Cutting several nodes' power
     * first and killing them afterwards stops them all at one instant, however long the kills take.
     */
    public void cutPower() {
        durability.cut();
    }

    /** The power comes back without a loss, after {@link #cutPower}: held requests go on, syncs count again. */
    public void restorePower() {
        durability.restore();
    }

    /**
     * What the disk holds after the power went out: every write since its file's last fsync is undone and every
     * directory entry change not yet durable (see {@link DirectoryEntries}) is reverted, in the backing directory;
     * with {@link #cutPower} first, as of the cut. With {@code tornWrites}, each file keeps a seeded prefix of its
     * newest unsynced write. Call it only while nothing uses the mount (after the container is killed); the power
     * is back afterwards, and the fault rules stay as they are.
     */
    public PowerLossReport powerLoss(long seed, boolean tornWrites) {
        try {
            return durability.powerLoss(seed, tornWrites);
        } catch (IOException e) {
            throw new UncheckedIOException("faultfs power loss on " + mountPoint + " failed", e);
        }
    }

    /** Unmounts (lazily, so a process still holding a file cannot keep the mount). Idempotent. */
    @Override
    public synchronized void close() {
        if (!mounted) {
            return;
        }
        mounted = false;
        try {
            Runtime.getRuntime().removeShutdownHook(unmountOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
        lazyUnmount(mountPoint);
        if (!session.awaitLoopsAndFree(LOOPS_END_MILLIS)) {
            log.warn("faultfs on {}: a process still holds a file in it, so its threads keep serving it", mountPoint);
        }
        operations.closeAll();
    }

    /** Lazily unmounts whatever FUSE filesystem is on {@code mountPoint} (e.g. one left by a killed harness). */
    public static void lazyUnmount(Path mountPoint) {
        try {
            Process process = new ProcessBuilder("fusermount", "-u", "-z", mountPoint.toString())
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            // fusermount missing: fall back to umount(8), which root has
            try {
                new ProcessBuilder("umount", "-l", mountPoint.toString())
                        .redirectErrorStream(true)
                        .start()
                        .waitFor();
            } catch (IOException | InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Lazily unmounts every faultfs mount whose serving process is gone (a harness killed with SIGKILL leaves
     * its mounts behind, answering "Transport endpoint is not connected"). Returns the mount points swept.
     */
    public static java.util.List<Path> sweepStale() {
        java.util.List<Path> swept = new java.util.ArrayList<>();
        for (String[] mount : faultFsMounts()) {
            String source = mount[1];
            long pid;
            try {
                pid = Long.parseLong(source.substring(FSNAME_PREFIX.length()));
            } catch (NumberFormatException e) {
                continue;
            }
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            Path mountPoint = Path.of(mount[0]);
            lazyUnmount(mountPoint);
            swept.add(mountPoint);
        }
        return swept;
    }

    /** Each faultfs mount as {mount point, source} from /proc/self/mountinfo. */
    private static java.util.List<String[]> faultFsMounts() {
        java.util.List<String[]> mounts = new java.util.ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS
                String[] halves = line.split(" - ", 2);
                if (halves.length < 2) {
                    continue;
                }
                String[] after = halves[1].split(" ");
                if (after.length >= 2 && after[0].equals("fuse.faultfs") && after[1].startsWith(FSNAME_PREFIX)) {
                    String mountPoint = halves[0].split(" ")[4].replace("\\040", " ");
                    mounts.add(new String[] {mountPoint, after[1]});
                }
            }
        } catch (IOException e) {
            // no /proc: nothing mounted that we could see
        }
        return mounts;
    }

    /** Whether {@code path} is a faultfs mount point now (from /proc/self/mountinfo). */
    public static boolean isMounted(Path path) {
        String target = path.toAbsolutePath().toString();
        return faultFsMounts().stream().anyMatch(mount -> mount[0].equals(target));
    }
}
