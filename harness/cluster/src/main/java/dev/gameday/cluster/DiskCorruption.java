package dev.gameday.cluster;

import dev.gameday.experiment.CorruptionSpec;
import dev.gameday.experiment.CorruptionSpec.How;
import dev.gameday.experiment.CorruptionSpec.Where;
import dev.gameday.nemesis.Corruption;
import dev.gameday.nemesis.NemesisException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Bit rot, lost blocks and torn writes in a system's files, from the host side of the containers'
 * bind mounts, so it works on a running node and on a powered-off one alike. Three places, which a
 * {@link Layout} finds for its system (the Gameday store's {@code StoreFiles}, etcd's member files):
 * <ul>
 *   <li>item files: the largest file holding a replica's items (the store's RocksDB table files, after a
 *       flush so the data is in table files and not only in the memtable; etcd's bbolt {@code db});</li>
 *   <li>log tail: the last written bytes of the newest Raft log segment of one replica's group
 *       (segments are preallocated, so the written end is the last non-zero byte, not the file size);</li>
 *   <li>archive: one archived segment object of a group in the object store's files.</li>
 * </ul>
 * Changes land before a file's written end (its last non-zero byte), so a file that is preallocated or grown
 * ahead of its data (etcd's WAL segments) is hit where its data is.
 * Each change is 4 KiB: eight flipped bits in one block, one block of zeros, or the last block cut
 * off. A change that would leave the bytes as they were (zeroing zeros) is refused, never reported
 * as done. Which group, file and block is drawn from a seeded random source.
 */
public final class DiskCorruption {

    static final int BLOCK = 4096;

    /** Where a group's files live, for one replica or for the archive. */
    public interface Layout {
        /** The replica's files of {@code group} that hold its items; the largest is corrupted. */
        List<Path> itemFiles(String node, String group) throws NemesisException;

        /** The replica's Raft log segments of {@code group}, oldest first: the newest one with data is hit. */
        List<Path> raftLogSegments(String node, String group) throws NemesisException;

        /** The archive's folder of {@code group}'s segment objects. */
        Path archivedSegments(String group);

        List<String> dataGroups();

        /** Makes the replica write what it holds in memory to its item files, so there is item data to corrupt. */
        void flushItemFiles(String node);
    }

    private final Layout layout;
    private final long seed;

    public DiskCorruption(Layout layout, long seed) {
        this.layout = layout;
        this.seed = seed;
    }

    /** Writes the node's memtables to table files, so there is item data on disk to corrupt. */
    public void flushItemFiles(String node) {
        layout.flushItemFiles(node);
    }

    /** Corrupts one file of {@code node} (null for the archive) and says exactly what changed. */
    public Corruption corrupt(int faultId, String node, CorruptionSpec spec) throws NemesisException {
        Random random = new Random(seed * 31 + faultId * 7919L + (node == null ? 0 : node.hashCode()));
        if (spec.where() == Where.ITEM_FILES && spec.when() == CorruptionSpec.When.LIVE) {
            flushItemFiles(node);
        }
        List<String> groups = new ArrayList<>(layout.dataGroups());
        java.util.Collections.shuffle(groups, random);
        for (String group : groups) {
            Optional<Path> file = candidate(spec.where(), node, group);
            if (file.isPresent()) {
                try {
                    return change(faultId, node, group, spec, file.get(), random);
                } catch (IOException e) {
                    throw new NemesisException("could not corrupt " + file.get() + ": " + e.getMessage(), e);
                }
            }
        }
        throw new NemesisException("nothing to corrupt: no " + spec.where().yamlName() + " file with data in any group"
                + (node == null ? "" : " of " + node) + " (groups " + layout.dataGroups() + ")");
    }

    private Optional<Path> candidate(Where where, String node, String group) throws NemesisException {
        return switch (where) {
            // The largest item file holds the most items: a corruption there is the likeliest to matter.
            case ITEM_FILES ->
                layout.itemFiles(node, group).stream()
                        .filter(f -> size(f) > 0)
                        .max(Comparator.comparingLong(DiskCorruption::size));
            case LOG_TAIL ->
                layout.raftLogSegments(node, group).stream()
                        .filter(f -> writtenEnd(f) > 8)
                        .reduce((older, newer) -> newer);
            // The newest segment: the tail of the archive, which a restore reads last.
            case ARCHIVE ->
                files(layout.archivedSegments(group), name -> name.endsWith(".seg"))
                        .max(Comparator.comparing(f -> f.getFileName().toString()));
        };
    }

    private Corruption change(int faultId, String node, String group, CorruptionSpec spec, Path file, Random random)
            throws IOException, NemesisException {
        long end = spec.where() == Where.ARCHIVE ? size(file) : writtenEnd(file);
        long length = Math.min(BLOCK, spec.how() == How.TRUNCATE ? Math.max(1, end / 2) : end);
        long offset = switch (spec.how()) {
            case TRUNCATE -> end - length;
            // The tail of the log is what a crash tears; elsewhere any block may rot.
            default -> spec.where() == Where.LOG_TAIL ? end - length : alignedOffset(end, length, random);
        };
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (spec.how() == How.TRUNCATE) {
                channel.truncate(offset);
                channel.force(true);
            } else {
                ByteBuffer block = ByteBuffer.allocate((int) length);
                channel.read(block, offset);
                byte[] before = block.array().clone();
                byte[] after = spec.how() == How.ZERO_BLOCK ? new byte[(int) length] : flipBits(before, random);
                if (java.util.Arrays.equals(before, after)) {
                    throw new NemesisException("zeroing " + length + " bytes at " + offset + " of " + file
                            + " would change nothing: they are zeros already");
                }
                channel.write(ByteBuffer.wrap(after), offset);
                channel.force(true);
            }
        }
        return new Corruption(
                faultId,
                node,
                group,
                spec.where(),
                spec.how(),
                file.toAbsolutePath().toString(),
                offset,
                length);
    }

    /** Eight distinct bits flipped: a few bits of rot, the case checksums exist for. */
    private static byte[] flipBits(byte[] block, Random random) {
        byte[] flipped = block.clone();
        random.ints(0, block.length * 8)
                .distinct()
                .limit(Math.min(8, block.length * 8L))
                .forEach(bit -> flipped[bit / 8] ^= (byte) (1 << (bit % 8)));
        return flipped;
    }

    private static long alignedOffset(long size, long length, Random random) {
        long blocks = Math.max(1, (size - length) / BLOCK + 1);
        return Math.min(size - length, (long) (random.nextDouble() * blocks) * BLOCK);
    }

    /** Offset after the last non-zero byte: where a preallocated segment's written part ends. */
    static long writtenEnd(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = channel.size();
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (position > 0) {
                int chunk = (int) Math.min(buffer.capacity(), position);
                buffer.clear().limit(chunk);
                channel.read(buffer, position - chunk);
                for (int i = chunk - 1; i >= 0; i--) {
                    if (buffer.get(i) != 0) {
                        return position - chunk + i + 1;
                    }
                }
                position -= chunk;
            }
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The non-empty regular files directly in {@code dir} whose names match; none when it does not exist. */
    public static Stream<Path> files(Path dir, Function<String, Boolean> nameMatches) throws NemesisException {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> listing = Files.list(dir)) {
            return listing
                    .filter(Files::isRegularFile)
                    .filter(f -> nameMatches.apply(f.getFileName().toString()))
                    .filter(f -> size(f) > 0)
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new NemesisException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
