package dev.gameday.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.experiment.CorruptionSpec;
import dev.gameday.experiment.CorruptionSpec.How;
import dev.gameday.experiment.CorruptionSpec.When;
import dev.gameday.experiment.CorruptionSpec.Where;
import dev.gameday.nemesis.Corruption;
import dev.gameday.nemesis.NemesisException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files in the store's layout; each test compares the bytes before and after. */
class DiskCorruptionTest {
    @TempDir
    Path root;

    private final List<String> flushed = new ArrayList<>();
    private DiskCorruption corruption;

    @BeforeEach
    void layout() {
        corruption = new DiskCorruption(
                new DiskCorruption.Layout() {
                    @Override
                    public List<Path> itemFiles(String node, String group) throws NemesisException {
                        return DiskCorruption.files(
                                        root.resolve(node).resolve(group).resolve("rocksdb"),
                                        name -> name.endsWith(".sst"))
                                .toList();
                    }

                    @Override
                    public List<Path> raftLogSegments(String node, String group) throws NemesisException {
                        return StoreFiles.segmentsOldestFirst(
                                root.resolve(node).resolve(group).resolve("current"));
                    }

                    @Override
                    public Path archivedSegments(String group) {
                        return root.resolve("archive").resolve(group);
                    }

                    @Override
                    public List<String> dataGroups() {
                        return List.of("data-0");
                    }

                    @Override
                    public void flushItemFiles(String node) {
                        flushed.add(node);
                    }
                },
                42);
    }

    private Path file(Path path, byte[] content) throws IOException {
        Files.createDirectories(path.getParent());
        return Files.write(path, content);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(1).nextBytes(b);
        return b;
    }

    @Test
    void flipsEightBitsInsideTheReportedBlockOfTheLargestTableFile() throws Exception {
        byte[] original = randomBytes(20_000);
        Path big = file(root.resolve("n1/data-0/rocksdb/000012.sst"), original);
        file(root.resolve("n1/data-0/rocksdb/000011.sst"), randomBytes(100));
        Corruption c = corruption.corrupt(1, "n1", new CorruptionSpec(Where.ITEM_FILES, How.FLIP_BITS, When.LIVE));
        assertEquals(List.of("n1"), flushed, "live item corruption flushes the memtable first");
        assertEquals(big.toString(), c.file());
        byte[] after = Files.readAllBytes(big);
        int flippedBits = 0;
        for (int i = 0; i < original.length; i++) {
            int diff = Integer.bitCount((original[i] ^ after[i]) & 0xff);
            if (diff > 0) {
                assertTrue(i >= c.offset() && i < c.offset() + c.length(), "changed byte " + i + " outside " + c);
            }
            flippedBits += diff;
        }
        assertEquals(8, flippedBits);
    }

    @Test
    void theLogTailIsTheWrittenEndOfTheNewestSegmentNotItsPreallocatedZeros() throws Exception {
        file(root.resolve("n2/data-0/current/log_0-99"), randomBytes(10_000));
        byte[] inProgress = new byte[64 * 1024];
        System.arraycopy(randomBytes(6000), 0, inProgress, 0, 6000);
        inProgress[5999] = 7; // the last written byte is non-zero
        Path newest = file(root.resolve("n2/data-0/current/log_inprogress_100"), inProgress);
        Corruption c = corruption.corrupt(2, "n2", new CorruptionSpec(Where.LOG_TAIL, How.ZERO_BLOCK, When.AT_REST));
        assertEquals(newest.toString(), c.file());
        assertEquals(6000 - DiskCorruption.BLOCK, c.offset());
        assertEquals(6000 - DiskCorruption.BLOCK, DiskCorruption.writtenEnd(newest), "the tail block is zeros now");
    }

    @Test
    void truncationCutsTheLastBlockOfTheNewestArchivedSegment() throws Exception {
        file(root.resolve("archive/data-0/00000000000000000001-00000000000000000010.seg"), randomBytes(9000));
        Path newest =
                file(root.resolve("archive/data-0/00000000000000000011-00000000000000000020.seg"), randomBytes(9000));
        Corruption c = corruption.corrupt(3, null, new CorruptionSpec(Where.ARCHIVE, How.TRUNCATE, When.LIVE));
        assertEquals(newest.toString(), c.file());
        assertEquals(9000 - DiskCorruption.BLOCK, Files.size(newest));
    }

    @Test
    void zeroingZerosIsRefusedAndNothingToCorruptIsAnError() throws Exception {
        file(root.resolve("n3/data-0/rocksdb/000001.sst"), new byte[5000]);
        NemesisException zeros = assertThrows(
                NemesisException.class,
                () -> corruption.corrupt(4, "n3", new CorruptionSpec(Where.ITEM_FILES, How.ZERO_BLOCK, When.AT_REST)));
        assertTrue(zeros.getMessage().contains("would change nothing"), zeros.getMessage());
        NemesisException none = assertThrows(
                NemesisException.class,
                () -> corruption.corrupt(5, "n9", new CorruptionSpec(Where.LOG_TAIL, How.FLIP_BITS, When.AT_REST)));
        assertTrue(none.getMessage().contains("nothing to corrupt"), none.getMessage());
    }
}
