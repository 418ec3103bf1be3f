package dev.gameday.faultfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;
import jnr.ffi.types.size_t;
import ru.serce.jnrfuse.struct.FuseOperations;

/**
 * One FUSE mount served by a fixed pool of Java threads, each running libfuse 2's request loop on the same
 * session.
 *
 * <p>Why not jnr-fuse's own mount ({@code fuse_main_real}): libfuse 2's multithreaded loop starts a native thread
 * whenever all of its threads are busy and ends one whenever more than ten are idle. Each new thread must attach to
 * the JVM on its first call into Java, which costs far more than the request it serves. Under a storage node's
 * bursts (a slow fsync keeps a thread busy while others queue) that churn reached 500-1000 new threads a second in
 * a power-loss run on 2 cores, every operation of every node slowed down, more threads were started, and the cluster
 * fell to a success ratio of 0.1-0.2 before any fault (experiments/README.md, "Power-off and power loss"). Here the
 * threads are Java threads, attached once, and never end while the mount lives: when all are busy, requests wait in
 * the kernel's queue, as on a disk.
 *
 * <p>The sequence is {@code fuse_main}'s without its loop: {@code fuse_setup} in the foreground (a JVM must not
 * fork; as with jnr-fuse, libfuse installs no signal handler over the JVM's own), then {@code fuse_loop} on every
 * thread, then {@code fuse_teardown}. Each loop reads requests from the session's channel and answers them
 * independently, as libfuse's multithreaded workers do. Unmounting makes the kernel end the connection, and every
 * loop returns.
 */
final class FuseSession {

    /**
     * Threads serving one mount. A storage node has a few files that fsync at once (a Raft log per group, RocksDB's
     * write-ahead log) and a few readers; more requests than this wait in the kernel's queue.
     */
    static final int THREADS = 16;

    /**
     * libfuse 2's mount-level calls. Only names whose default symbol is the current API: {@code fuse_new} and
     * {@code fuse_mount} also have an unversioned symbol of the 2.1 API (another signature), which a plain symbol
     * lookup may find, so the mount goes through {@code fuse_setup} (FUSE_2.6), as {@code fuse_main} does.
     */
    public interface LibFuse2 {
        /** Parses argv (the mount point, "-f", "-o" options), mounts, and creates the session; null on failure. */
        Pointer fuse_setup(
                int argc,
                String[] argv,
                FuseOperations operations,
                @size_t long size,
                PointerByReference mountPoint,
                IntByReference multithreaded,
                Pointer user);

        int fuse_loop(Pointer fuse);

        /** Unmounts (a no-op once the kernel ended the connection), frees the session and the mount point's copy. */
        void fuse_teardown(Pointer fuse, Pointer mountPoint);
    }

    private static volatile LibFuse2 library;

    private final LibFuse2 lib;
    private final Pointer fuse;
    /** libfuse's copy of the mount point, which fuse_teardown frees. */
    private final Pointer mountPoint;

    private final List<Thread> loops = new ArrayList<>();

    private FuseSession(LibFuse2 lib, Pointer fuse, Pointer mountPoint) {
        this.lib = lib;
        this.fuse = fuse;
        this.mountPoint = mountPoint;
    }

    private static LibFuse2 library() {
        if (library == null) {
            synchronized (FuseSession.class) {
                if (library == null) {
                    library = LibraryLoader.create(LibFuse2.class)
                            .failImmediately()
                            .load("fuse");
                }
            }
        }
        return library;
    }

    /**
     * Mounts {@code operations} on {@code mountPoint} with {@code options} (each a "-o" argument's value) and starts
     * {@link #THREADS} threads serving it. Throws if the kernel refused the mount; nothing is left mounted then.
     */
    static FuseSession mount(Path mountPoint, FuseOperations operations, List<String> options, String threadName) {
        LibFuse2 lib = library();
        List<String> argv = new ArrayList<>();
        argv.add("faultfs");
        argv.add(mountPoint.toAbsolutePath().toString());
        // In the foreground: fuse_setup would otherwise fork, which a JVM must never do.
        argv.add("-f");
        for (String option : options) {
            argv.add("-o");
            argv.add(option);
        }
        PointerByReference parsedMountPoint = new PointerByReference();
        Pointer fuse = lib.fuse_setup(
                argv.size(),
                argv.toArray(String[]::new),
                operations,
                Struct.size(operations),
                parsedMountPoint,
                new IntByReference(),
                null);
        if (fuse == null) {
            throw new IllegalStateException("libfuse could not mount " + mountPoint + " with options " + options
                    + " (it printed why on the standard error)");
        }
        FuseSession session = new FuseSession(lib, fuse, parsedMountPoint.getValue());
        for (int i = 0; i < THREADS; i++) {
            Thread loop = new Thread(() -> lib.fuse_loop(fuse), threadName + "-" + i);
            loop.setDaemon(true);
            session.loops.add(loop);
            loop.start();
        }
        return session;
    }

    /**
     * After the mount is gone from the kernel (a lazy unmount ends the connection once no process holds a file in
     * it): waits up to {@code timeoutMillis} for every loop to return, then frees the session. Returns false, and
     * frees nothing, if a loop is still serving: a process still holds a file in the mount.
     */
    boolean awaitLoopsAndFree(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Thread loop : loops) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                if (left <= 0) {
                    loop.join(1);
                } else {
                    loop.join(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (loop.isAlive()) {
                return false;
            }
        }
        lib.fuse_teardown(fuse, mountPoint);
        return true;
    }
}
