package dev.gameday.faultfs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a disk would lose if the power went now. Writes go straight through to the backing directory (so
 * reads see them, as from a page cache); before a write or truncate changes bytes that were durable, their
 * old contents are saved in the file's undo log. An fsync of the file forgets its undo log; an fsync of a
 * directory forgets the entry changes (create, rename, unlink, mkdir, rmdir) made in it. Power loss replays
 * the undo logs and reverts the entry changes newest first, leaving in the backing directory what the disk
 * would hold. When an entry change is durable is the {@link DirectoryEntries} model: with a journal, any
 * successful fsync makes every earlier one durable; without, only a sync of its own directory does. Unlinked files and replaced rename targets are kept in a trash directory until their
 * directory is synced, so they can come back.
 *
 * <p>Paths are the paths inside the mount ("/db/000012.log"). Every method is synchronized: the state is
 * small and the FUSE workers hold the lock only around bookkeeping and one write.
 */
final class Durability {
    /** The smallest unit a disk writes whole (a 512-byte sector); torn writes end at its boundaries. */
    static final int SECTOR_BYTES = 512;

    /** One file's changes since its last fsync. */
    private static final class FileUndo {
        /** The size the file had at its last fsync (what the disk holds). */
        final long durableSize;
        /** Old contents of durable bytes overwritten since, by offset; ranges do not overlap. */
        final TreeMap<Long, byte[]> saved = new TreeMap<>();
        /** Bytes written since the last fsync (what power loss drops), for the report. */
        long unsyncedBytes;
        /** The newest write, for a torn write at power loss (its bytes are still in the backing file then). */
        long lastWriteOffset = -1;

        int lastWriteLength;
        /** For an undo log whose fsync failed: the file's size then (its appended bytes are lost, the size is not). */
        long sizeAtFailedSync = -1;

        FileUndo(long durableSize) {
            this.durableSize = durableSize;
        }
    }

    /** A directory entry change not yet made durable by an fsync of {@code dir}. */
    private record EntryChange(String kind, String dir, String path, String from, Path trashed) {
        @Override
        public String toString() {
            return switch (kind) {
                case "rename" ->
                    "rename " + from + " -> " + path + (trashed != null ? " (replaced target restored)" : "");
                default -> kind + " " + path;
            };
        }
    }

    private final Path backing;
    private final Path trash;
    private final DirectoryEntries directoryEntries;
    private final Map<String, FileUndo> files = new HashMap<>();
    /** Undo logs whose fsync failed (the fsync gate): a later fsync does not make those writes durable. */
    private final Map<String, List<FileUndo>> stranded = new HashMap<>();

    private final List<EntryChange> entries = new ArrayList<>();
    private long trashCounter;
    /**
     * The power is out ({@link #cut}) and has not come back ({@link #powerLoss}, {@link #restore}): no sync completes.
     * Volatile so that a request can look without the lock; set and cleared under it, so a sync either completed
     * before the cut or does not count.
     */
    private volatile boolean cut;

    Durability(Path backing, Path trash, DirectoryEntries directoryEntries) {
        this.backing = backing;
        this.trash = trash;
        this.directoryEntries = directoryEntries;
    }

    Path backingPath(String path) {
        return path.equals("/") ? backing : backing.resolve(path.substring(1));
    }

    // ---- file contents ----

    /** Writes {@code data} at {@code offset} through {@code channel}, saving the durable bytes it overwrites first. */
    synchronized void write(String path, FileChannel channel, ByteBuffer data, long offset) throws IOException {
        int length = data.remaining();
        FileUndo undo = undoFor(path, channel.size());
        save(undo, channel, offset, offset + length);
        while (data.hasRemaining()) {
            channel.write(data, offset + length - data.remaining());
        }
        undo.unsyncedBytes += length;
        undo.lastWriteOffset = offset;
        undo.lastWriteLength = length;
    }

    /** Sets the file's size, saving the durable bytes a shrink cuts off. */
    synchronized void truncate(String path, long size) throws IOException {
        Path file = backingPath(path);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            FileUndo undo = undoFor(path, raf.length());
            if (size < raf.length()) {
                save(undo, raf.getChannel(), size, raf.length());
            }
            raf.setLength(size);
        }
    }

    /** A file created through the mount: its durable size is 0, and its entry is durable once its directory is synced. */
    synchronized void created(String path) {
        files.put(path, new FileUndo(0));
        entries.add(new EntryChange("create", parent(path), path, null, null));
    }

    /**
     * fsync/fdatasync succeeded: the file's contents are durable. As on ext4 (whose fsync commits the journal
     * holding the file's creation), this also makes durable the entry that created the file and the mkdirs of
     * the directories above it: the path to a synced new file survives. Renames and unlinks still need an
     * fsync of their directory.
     */
    synchronized boolean fileSynced(String path) {
        if (cut) {
            return false;
        }
        files.remove(path);
        if (directoryEntries == DirectoryEntries.JOURNALED) {
            entries.clear();
            return true;
        }
        entries.removeIf(change -> (change.kind.equals("create") && change.path.equals(path))
                || (change.kind.equals("mkdir") && path.startsWith(change.path + "/")));
        return true;
    }

    /** fsync failed (the fsync gate): what it should have synced stays lost-on-power-loss for good. */
    synchronized void fileSyncFailed(String path) {
        FileUndo undo = files.remove(path);
        if (undo != null) {
            try {
                undo.sizeAtFailedSync = Files.size(backingPath(path));
            } catch (IOException e) {
                undo.sizeAtFailedSync = undo.durableSize;
            }
            stranded.computeIfAbsent(path, p -> new ArrayList<>()).add(undo);
        }
    }

    // ---- directory entries ----

    synchronized void mkdir(String path) throws IOException {
        Files.createDirectory(backingPath(path));
        entries.add(new EntryChange("mkdir", parent(path), path, null, null));
    }

    /** Moves the file or empty directory to the trash (it comes back if the power goes before its directory is synced). */
    synchronized void remove(String path, String kind) throws IOException {
        Path trashed = toTrash(backingPath(path));
        moveState(path, trashKey(trashed));
        entries.add(new EntryChange(kind, parent(path), path, null, trashed));
    }

    synchronized void rename(String from, String to) throws IOException {
        Path target = backingPath(to);
        Path trashed = null;
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isDirectory(target)) {
                try (Stream<Path> children = Files.list(target)) {
                    if (children.findAny().isPresent()) {
                        throw new java.nio.file.DirectoryNotEmptyException(to);
                    }
                }
            }
            trashed = toTrash(target);
            moveState(to, trashKey(trashed));
        }
        Files.move(backingPath(from), target, StandardCopyOption.ATOMIC_MOVE);
        moveState(from, to);
        // Durable once the target's directory is synced (the common case renames within one directory).
        entries.add(new EntryChange("rename", parent(to), to, from, trashed));
    }

    /**
     * fsync of a directory: every entry change in it is durable (with a journal, every earlier one anywhere). False,
     * and nothing changes, if the power was cut before the sync completed.
     */
    synchronized boolean dirSynced(String dir) {
        if (cut) {
            return false;
        }
        if (directoryEntries == DirectoryEntries.JOURNALED) {
            entries.clear();
        } else {
            entries.removeIf(change -> change.dir.equals(dir));
        }
        return true;
    }

    // ---- the power ----

    /**
     * The power goes out at this instant: no sync completes from now on, whatever the processes still do until
     * they are killed. What the disk holds is what was durable now.
     */
    synchronized void cut() {
        cut = true;
    }

    /** The power was cut and has not come back. */
    boolean isCut() {
        return cut;
    }

    /** The power comes back without a loss (a power-off called off after {@link #cut}): syncs count again. */
    synchronized void restore() {
        cut = false;
    }

    // ---- power loss ----

    /**
     * Drops everything not durable: replays the undo logs, then reverts the entry changes newest first. With
     * {@code tornWrites}, each file keeps a seeded prefix of its newest unsynced write (a write torn by the cut).
     */
    synchronized PowerLossReport powerLoss(long seed, boolean tornWrites) throws IOException {
        try {
            return dropWhatIsNotDurable(seed, tornWrites);
        } finally {
            cut = false; // the power comes back (also after a failure here: a node must not hang on its disk)
        }
    }

    private PowerLossReport dropWhatIsNotDurable(long seed, boolean tornWrites) throws IOException {
        Random random = new Random(seed);
        List<PowerLossReport.FileLoss> lost = new ArrayList<>();
        List<String> keys = new ArrayList<>(files.keySet());
        keys.addAll(stranded.keySet());
        for (String path : keys.stream().distinct().sorted().toList()) {
            List<FileUndo> logs = new ArrayList<>();
            if (files.containsKey(path)) {
                logs.add(files.get(path));
            }
            List<FileUndo> old = stranded.getOrDefault(path, List.of());
            for (int i = old.size() - 1; i >= 0; i--) {
                logs.add(old.get(i));
            }
            lost.add(undo(path, logs, tornWrites ? random : null));
        }
        files.clear();
        stranded.clear();
        List<String> reverted = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            EntryChange change = entries.get(i);
            revert(change);
            reverted.add(change.toString());
        }
        entries.clear();
        emptyTrash();
        lost.removeIf(loss -> loss.unsyncedBytes() == 0 && loss.tornBytesKept() == 0);
        return new PowerLossReport(lost, reverted);
    }

    /** Heals the trash: changes that became durable leave files there nobody can bring back. */
    private void emptyTrash() throws IOException {
        if (!Files.exists(trash)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(trash)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(trash)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private PowerLossReport.FileLoss undo(String path, List<FileUndo> logs, Random torn) throws IOException {
        Path file = path.startsWith("trash:") ? trash.resolve(path.substring(6)) : backingPath(path);
        long unsynced = 0;
        long kept = 0;
        if (!Files.exists(file)) {
            return new PowerLossReport.FileLoss(path, 0, 0);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileUndo newest = logs.isEmpty() ? null : logs.get(0);
            byte[] lastWrite = null;
            if (torn != null && newest != null && newest.sizeAtFailedSync < 0 && newest.lastWriteLength > 1) {
                // Read before undoing: the newest write is still whole in the file.
                ByteBuffer bytes = ByteBuffer.allocate(newest.lastWriteLength);
                while (bytes.hasRemaining() && channel.read(bytes, newest.lastWriteOffset + bytes.position()) > 0) {
                    // until the write is read back or the file ends (a later truncate)
                }
                lastWrite = java.util.Arrays.copyOf(bytes.array(), bytes.position());
            }
            for (FileUndo undo : logs) {
                unsynced += undo.unsyncedBytes;
                if (undo.sizeAtFailedSync >= 0) {
                    // A later fsync made the size durable, but not what the failed fsync should have written: zeros.
                    long end = Math.min(undo.sizeAtFailedSync, channel.size());
                    if (end > undo.durableSize) {
                        channel.write(ByteBuffer.allocate((int) (end - undo.durableSize)), undo.durableSize);
                    }
                } else if (channel.size() > undo.durableSize) {
                    channel.truncate(undo.durableSize);
                } else if (channel.size() < undo.durableSize) {
                    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                        raf.setLength(undo.durableSize);
                    }
                }
                for (Map.Entry<Long, byte[]> range : undo.saved.entrySet()) {
                    channel.write(ByteBuffer.wrap(range.getValue()), range.getKey());
                }
            }
            // Only where the disk holds everything before it: a torn write after an earlier unsynced write
            // that was dropped would leave a hole of zeros inside an appended file, which a journaling
            // filesystem, which writes a file's data before the size that covers it, does not leave (Redis
            // 7 refused such an append-only file: "Bad file format"). Inside the file's durable size, out of
            // order (a later page written back before an earlier one), it can happen, and is kept.
            if (lastWrite != null && lastWrite.length > 1 && newest.lastWriteOffset <= channel.size()) {
                int prefix = tornPrefix(newest.lastWriteOffset, lastWrite.length, torn);
                if (prefix > 0) {
                    channel.write(ByteBuffer.wrap(lastWrite, 0, prefix), newest.lastWriteOffset);
                }
                kept = prefix;
            }
        }
        return new PowerLossReport.FileLoss(path, unsynced, kept);
    }

    /**
     * How much of a write of {@code length} bytes at {@code offset} a cut keeps: a seeded point inside it, moved back to
     * the start of its sector. A disk writes a sector whole or not at all, so a torn write ends at a sector boundary
     * of the file; a tear inside a sector, with zeros after data, is what no disk leaves, and etcd 3.4 (which finds
     * a torn WAL record by a sector of zeros) refused to start from one. 0 when the write starts in the cut's sector.
     */
    static int tornPrefix(long offset, int length, Random torn) {
        long cut = offset + 1 + torn.nextInt(length - 1);
        long sectorStart = cut / SECTOR_BYTES * SECTOR_BYTES;
        return (int) Math.max(0, sectorStart - offset);
    }

    private void revert(EntryChange change) throws IOException {
        switch (change.kind) {
            case "create", "mkdir" -> deleteTree(backingPath(change.path));
            case "unlink", "rmdir" -> restore(change.trashed, backingPath(change.path));
            case "rename" -> {
                Path now = backingPath(change.path);
                if (Files.exists(now, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(backingPath(change.from).getParent());
                    Files.move(now, backingPath(change.from), StandardCopyOption.REPLACE_EXISTING);
                }
                if (change.trashed != null) {
                    restore(change.trashed, now);
                }
            }
            default -> {}
        }
    }

    private static void restore(Path trashed, Path original) throws IOException {
        if (trashed != null && Files.exists(trashed, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(original.getParent());
            if (Files.isDirectory(original)) {
                deleteTree(original);
            }
            Files.move(trashed, original, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ---- helpers ----

    private FileUndo undoFor(String path, long currentSize) {
        return files.computeIfAbsent(path, p -> new FileUndo(currentSize));
    }

    /** Saves the old contents of the durable bytes in [from, to) not saved yet. */
    private static void save(FileUndo undo, FileChannel channel, long from, long to) throws IOException {
        long end = Math.min(to, Math.min(undo.durableSize, channel.size()));
        long position = from;
        while (position < end) {
            Map.Entry<Long, byte[]> before = undo.saved.floorEntry(position);
            if (before != null && before.getKey() + before.getValue().length > position) {
                position = before.getKey() + before.getValue().length;
                continue;
            }
            Long next = undo.saved.higherKey(position);
            long stop = next == null ? end : Math.min(end, next);
            byte[] old = new byte[(int) (stop - position)];
            ByteBuffer buffer = ByteBuffer.wrap(old);
            while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0) {
                // reads until the range is full
            }
            undo.saved.put(position, old);
            position = stop;
        }
    }

    private Path toTrash(Path file) throws IOException {
        Files.createDirectories(trash);
        Path trashed = trash.resolve(Long.toString(++trashCounter));
        Files.move(file, trashed, StandardCopyOption.ATOMIC_MOVE);
        return trashed;
    }

    private String trashKey(Path trashed) {
        return "trash:" + trash.relativize(trashed);
    }

    /** Moves the undo state of {@code from} (and of everything under it, for a directory) to {@code to}. */
    private void moveState(String from, String to) {
        for (Map<String, ?> map : List.of(files, stranded)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> states = (Map<String, Object>) map;
            Map<String, Object> moved = new HashMap<>();
            for (Iterator<Map.Entry<String, Object>> it = states.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Object> entry = it.next();
                String key = entry.getKey();
                if (key.equals(from) || key.startsWith(from + "/")) {
                    moved.put(to + key.substring(from.length()), entry.getValue());
                    it.remove();
                }
            }
            states.putAll(moved);
        }
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
