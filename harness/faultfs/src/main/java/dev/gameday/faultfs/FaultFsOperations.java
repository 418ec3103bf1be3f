package dev.gameday.faultfs;

import com.kenai.jffi.MemoryIO;
import dev.gameday.faultfs.FaultRules.Failure;
import dev.gameday.faultfs.FaultRules.Op;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import jnr.ffi.Pointer;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.FuseOperations;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The FUSE operations: each passes through to the backing directory with plain Java NIO, asks the
 * {@link FaultRules} whether to delay or fail first, and tells {@link Durability} what changed. Open files
 * are FileChannels by handle. Locks are not implemented here on purpose: the kernel then keeps POSIX and
 * flock locks itself (RocksDB's LOCK file, Ratis' in_use.lock). No fsync reaches the backing disk: the
 * host never loses power, so durability is the bookkeeping in {@link Durability}, and an fsync costs
 * only that.
 */
final class FaultFsOperations extends FuseStubFS {

    private static final int O_ACCMODE = 3;
    private static final int O_RDONLY = 0;
    /** SIGKILL (9) in /proc/PID/status's pending-signal masks: bit 9 - 1. */
    private static final long SIGKILL_BIT = 1L << 8;
    /** How often a request held while the power is out looks whether its process was killed. */
    private static final Duration POLL_WITHOUT_POWER = Duration.ofMillis(2);
    /**
     * A request held while the power is out is answered (EIO) after this long even if its process lives on: a
     * power-off whose kill never comes must not hang a filesystem thread for good.
     */
    private static final Duration MAX_WAIT_WITHOUT_POWER = Duration.ofMinutes(2);

    private final Durability durability;
    private final FaultRules rules;
    private final Map<Long, FileChannel> open = new ConcurrentHashMap<>();
    private final AtomicLong nextHandle = new AtomicLong(1);

    FaultFsOperations(Durability durability, FaultRules rules) {
        this.durability = durability;
        this.rules = rules;
    }

    /** The table of callbacks libfuse calls, for {@link FuseSession#mount}. */
    FuseOperations structure() {
        return fuseOperations;
    }

    @Override
    public int getattr(String path, FileStat stat) {
        try {
            Map<String, Object> a =
                    Files.readAttributes(durability.backingPath(path), "unix:*", LinkOption.NOFOLLOW_LINKS);
            stat.st_mode.set((Integer) a.get("mode"));
            stat.st_ino.set((Long) a.get("ino"));
            stat.st_nlink.set((Integer) a.get("nlink"));
            stat.st_uid.set((Integer) a.get("uid"));
            stat.st_gid.set((Integer) a.get("gid"));
            long size = (Long) a.get("size");
            stat.st_size.set(size);
            stat.st_blksize.set(4096);
            stat.st_blocks.set((size + 511) / 512);
            time(stat.st_atim, (FileTime) a.get("lastAccessTime"));
            time(stat.st_mtim, (FileTime) a.get("lastModifiedTime"));
            time(stat.st_ctim, (FileTime) a.get("ctime"));
            return 0;
        } catch (IOException e) {
            return errno(e);
        }
    }

    @Override
    public int fgetattr(String path, FileStat stat, FuseFileInfo fi) {
        return getattr(path, stat);
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, long offset, FuseFileInfo fi) {
        filler.apply(buf, ".", null, 0);
        filler.apply(buf, "..", null, 0);
        try (Stream<Path> children = Files.list(durability.backingPath(path))) {
            for (Path child : (Iterable<Path>) children::iterator) {
                filler.apply(buf, child.getFileName().toString(), null, 0);
            }
            return 0;
        } catch (IOException e) {
            return errno(e);
        }
    }

    @Override
    public int opendir(String path, FuseFileInfo fi) {
        return Files.isDirectory(durability.backingPath(path)) ? 0 : -ErrorCodes.ENOTDIR();
    }

    @Override
    public int releasedir(String path, FuseFileInfo fi) {
        return 0;
    }

    @Override
    public int fsyncdir(String path, FuseFileInfo fi) {
        if (!powerIsOn()) {
            return -ErrorCodes.EIO();
        }
        rules.delay(Op.FSYNC, path);
        if (rules.error(Op.FSYNC, path) != Failure.NONE || callerIsBeingKilled()) {
            return -ErrorCodes.EIO();
        }
        while (!durability.dirSynced(path)) {
            // Cut while syncing: the sync did not complete. It is tried again only if the power comes back.
            if (!powerIsOn()) {
                return -ErrorCodes.EIO();
            }
        }
        return 0;
    }

    @Override
    public int create(String path, long mode, FuseFileInfo fi) {
        if (!powerIsOn()) {
            return -ErrorCodes.EIO();
        }
        Path file = durability.backingPath(path);
        try {
            boolean existed = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
            FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (!existed) {
                chmod(path, mode);
                ownByCaller(file);
                durability.created(path);
            }
            fi.fh.set(register(channel));
            return 0;
        } catch (IOException e) {
            return errno(e);
        }
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        Path file = durability.backingPath(path);
        try {
            boolean readOnly = (fi.flags.get() & O_ACCMODE) == O_RDONLY;
            FileChannel channel = readOnly
                    ? FileChannel.open(file, StandardOpenOption.READ)
                    : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            fi.fh.set(register(channel));
            return 0;
        } catch (IOException e) {
            return errno(e);
        }
    }

    @Override
    public int read(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        FileChannel channel = open.get(fi.fh.get());
        if (channel == null) {
            return -ErrorCodes.EBADF();
        }
        rules.delay(Op.READ, path);
        if (rules.error(Op.READ, path) != Failure.NONE) {
            return -ErrorCodes.EIO();
        }
        try {
            ByteBuffer buffer = view(buf, size);
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, offset + buffer.position());
                if (n <= 0) {
                    break;
                }
            }
            return buffer.position();
        } catch (IOException e) {
            return errno(e);
        }
    }

    @Override
    public int write(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        if (!powerIsOn()) {
            return -ErrorCodes.EIO();
        }
        FileChannel channel = open.get(fi.fh.get());
        if (channel == null) {
            return -ErrorCodes.EBADF();
        }
        rules.delay(Op.WRITE, path);
        if (rules.error(Op.WRITE, path) != Failure.NONE) {
            return -ErrorCodes.EIO();
        }
        if (!rules.chargeWrite(size)) {
            return -ErrorCodes.ENOSPC();
        }
        try {
            durability.write(path, channel, view(buf, size), offset);
            return (int) size;
        } catch (IOException e) {
            return errno(e);
        }
    }

    @Override
    public int fsync(String path, int isdatasync, FuseFileInfo fi) {
        if (!powerIsOn()) {
            return -ErrorCodes.EIO();
        }
        rules.delay(Op.FSYNC, path);
        Failure failure = rules.error(Op.FSYNC, path);
        if (failure == Failure.GATE) {
            durability.fileSyncFailed(path);
            return -ErrorCodes.EIO();
        }
        if (failure == Failure.EIO || callerIsBeingKilled()) {
            return -ErrorCodes.EIO();
        }
        while (!durability.fileSynced(path)) {
            // Cut while syncing: the sync did not complete. It is tried again only if the power comes back.
            if (!powerIsOn()) {
                return -ErrorCodes.EIO();
            }
        }
        return 0;
    }

    /**
     * While the power is cut ({@link FaultFs#cutPower}), a request that would change the disk or sync it is not
     * answered, as by a disk without power: it waits until its process is killed or gone (false: answer EIO, which
     * nobody reads) or the power is back (true: go on). So a node stops at the instant of the cut, not when Docker
     * gets round to killing it, and several nodes cut together stop at one instant.
     */
    private boolean powerIsOn() {
        long deadline = System.nanoTime() + MAX_WAIT_WITHOUT_POWER.toNanos();
        while (durability.isCut()) {
            if (caller() != Caller.ALIVE || System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(POLL_WITHOUT_POWER.toNanos());
        }
        return true;
    }

    /**
     * Whether the process that asked for this sync was sent SIGKILL while the sync was in flight: its power was cut
     * mid-flush, so the sync did not complete. A killed process waits in the kernel for the answer to a request
     * already sent, with SIGKILL pending, until this filesystem answers; the harness's power loss happens only
     * after that. Without this check, a sync slowed by a disk rule finished after the cut and made durable what
     * the process had acknowledged before syncing it, and power loss never caught a store that does that.
     */
    private boolean callerIsBeingKilled() {
        return caller() == Caller.KILLED;
    }

    /** The process (thread) that sent the request being answered, as /proc sees it. */
    private enum Caller {
        ALIVE,
        /** SIGKILL is pending: it waits only for this answer to die. */
        KILLED,
        /** No such process: nobody waits for this answer. */
        GONE
    }

    private Caller caller() {
        long pid = getContext().pid.get();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("SigPnd:") || line.startsWith("ShdPnd:")) {
                    long pending = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    if ((pending & SIGKILL_BIT) != 0) {
                        return Caller.KILLED;
                    }
                }
            }
            return Caller.ALIVE;
        } catch (IOException | RuntimeException e) {
            return Caller.GONE;
        }
    }

    @Override
    public int flush(String path, FuseFileInfo fi) {
        return 0;
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        FileChannel channel = open.remove(fi.fh.get());
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                return errno(e);
            }
        }
        return 0;
    }

    @Override
    public int truncate(String path, long size) {
        if (!powerIsOn()) {
            return -ErrorCodes.EIO();
        }
        try {
            durability.truncate(path, size);
            return 0;
        } catch (IOException e) {
            return errno(e);
        }
    }

    @Override
    public int ftruncate(String path, long size, FuseFileInfo fi) {
        if (!powerIsOn()) {
            return -ErrorCodes.EIO();
        }
        return truncate(path, size);
    }

    /**
     * fallocate: mode 0 (allocate and extend) grows the file like a truncate; KEEP_SIZE only reserves space,
     * which a passthrough over a host directory need not do; holes are refused so callers fall back.
     */
    @Override
    public int fallocate(String path, int mode, long offset, long length, FuseFileInfo fi) {
        if (!powerIsOn()) {
            return -ErrorCodes.EIO();
        }
        final int keepSize = 0x01;
        if (mode == keepSize) {
            return 0;
        }
        if (mode != 0) {
            return -ErrorCodes.EOPNOTSUPP();
        }
        try {
            long size = Files.size(durability.backingPath(path));
            if (offset + length > size) {
                durability.truncate(path, offset + length);
            }
            return 0;
        } catch (IOException e) {
            return errno(e);
        }
    }

    @Override
    public int mkdir(String path, long mode) {
        if (!powerIsOn()) {
            return -ErrorCodes.EIO();
        }
        try {
            durability.mkdir(path);
            chmod(path, mode);
            ownByCaller(durability.backingPath(path));
            return 0;
        } catch (IOException e) {
            return errno(e);
        }
    }

    @Override
    public int unlink(String path) {
        if (!powerIsOn()) {
            return -ErrorCodes.EIO();
        }
        try {
            if (Files.isDirectory(durability.backingPath(path), LinkOption.NOFOLLOW_LINKS)) {
                return -ErrorCodes.EISDIR();
            }
            durability.remove(path, "unlink");
            return 0;
        } catch (IOException e) {
            return errno(e);
        }
    }

    @Override
    public int rmdir(String path) {
        if (!powerIsOn()) {
            return -ErrorCodes.EIO();
        }
        Path dir = durability.backingPath(path);
        try (Stream<Path> children = Files.list(dir)) {
            if (children.findAny().isPresent()) {
                return -ErrorCodes.ENOTEMPTY();
            }
            durability.remove(path, "rmdir");
            return 0;
        } catch (IOException e) {
            return errno(e);
        }
    }

    @Override
    public int rename(String from, String to) {
        if (!powerIsOn()) {
            return -ErrorCodes.EIO();
        }
        try {
            durability.rename(from, to);
            return 0;
        } catch (IOException e) {
            return errno(e);
        }
    }

    @Override
    public int chmod(String path, long mode) {
        if (!powerIsOn()) {
            return -ErrorCodes.EIO();
        }
        try {
            Files.setPosixFilePermissions(durability.backingPath(path), permissions(mode));
            return 0;
        } catch (IOException e) {
            return errno(e);
        }
    }

    @Override
    public int chown(String path, long uid, long gid) {
        if (!powerIsOn()) {
            return -ErrorCodes.EIO();
        }
        try {
            Path file = durability.backingPath(path);
            if (uid != -1 && uid != 0xFFFFFFFFL) {
                Files.setAttribute(file, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
            }
            if (gid != -1 && gid != 0xFFFFFFFFL) {
                Files.setAttribute(file, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
            }
            return 0;
        } catch (IOException e) {
            return errno(e);
        }
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        if (!powerIsOn()) {
            return -ErrorCodes.EIO();
        }
        try {
            Timespec modified = timespec[1];
            Files.setLastModifiedTime(
                    durability.backingPath(path),
                    FileTime.from(
                            modified.tv_sec.get() * 1_000_000_000L + modified.tv_nsec.longValue(),
                            java.util.concurrent.TimeUnit.NANOSECONDS));
            return 0;
        } catch (IOException e) {
            return errno(e);
        }
    }

    @Override
    public int access(String path, int mask) {
        return Files.exists(durability.backingPath(path), LinkOption.NOFOLLOW_LINKS) ? 0 : -ErrorCodes.ENOENT();
    }

    @Override
    public int statfs(String path, Statvfs stbuf) {
        try {
            FileStore store = Files.getFileStore(durability.backingPath("/"));
            long block = 4096;
            stbuf.f_bsize.set(block);
            stbuf.f_frsize.set(block);
            stbuf.f_blocks.set(store.getTotalSpace() / block);
            stbuf.f_bfree.set(store.getUnallocatedSpace() / block);
            stbuf.f_bavail.set(store.getUsableSpace() / block);
            stbuf.f_namemax.set(255);
            return 0;
        } catch (IOException e) {
            return errno(e);
        }
    }

    /** Closes the handles left open (the container was killed; the kernel released them, or will). */
    void closeAll() {
        for (FileChannel channel : open.values()) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing during unmount; nothing to do about it
            }
        }
        open.clear();
    }

    /**
     * FUSE's buffer as a direct ByteBuffer over the same memory: the file channel reads into it and writes from
     * it without a copy through the Java heap.
     */
    private static ByteBuffer view(Pointer buf, long size) {
        return MemoryIO.getInstance().newDirectByteBuffer(buf.address(), (int) size);
    }

    private long register(FileChannel channel) {
        long handle = nextHandle.getAndIncrement();
        open.put(handle, channel);
        return handle;
    }

    /** New files and directories belong to the process that made them (the store's user in its container). */
    private void ownByCaller(Path file) throws IOException {
        long uid = getContext().uid.get();
        long gid = getContext().gid.get();
        if (uid != 0 || gid != 0) {
            Files.setAttribute(file, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(file, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static void time(Timespec spec, FileTime time) {
        long nanos = time.to(java.util.concurrent.TimeUnit.NANOSECONDS);
        spec.tv_sec.set(Math.floorDiv(nanos, 1_000_000_000L));
        spec.tv_nsec.set(Math.floorMod(nanos, 1_000_000_000L));
    }

    private static Set<PosixFilePermission> permissions(long mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1L << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }

    private static int errno(IOException e) {
        if (e instanceof NoSuchFileException) {
            return -ErrorCodes.ENOENT();
        }
        if (e instanceof FileAlreadyExistsException) {
            return -ErrorCodes.EEXIST();
        }
        if (e instanceof DirectoryNotEmptyException) {
            return -ErrorCodes.ENOTEMPTY();
        }
        if (e instanceof NotDirectoryException) {
            return -ErrorCodes.ENOTDIR();
        }
        if (e instanceof AccessDeniedException) {
            return -ErrorCodes.EACCES();
        }
        return -ErrorCodes.EIO();
    }
}
