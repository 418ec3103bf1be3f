package dev.gameday.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.cluster.DiskCorruption;
import dev.gameday.experiment.CorruptionSpec;
import dev.gameday.experiment.CorruptionSpec.How;
import dev.gameday.experiment.CorruptionSpec.When;
import dev.gameday.experiment.CorruptionSpec.Where;
import dev.gameday.nemesis.Corruption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's corruption on files laid out as an etcd member's: where the bytes change. */
class EtcdFilesTest {

    @TempDir
    Path root;

    private final DiskCorruption corruption = new DiskCorruption(new EtcdFiles(member -> root.resolve(member)), 7);

    private static byte[] dataThenZeros(int data, int total) {
        byte[] bytes = new byte[total];
        byte[] written = new byte[data];
        new Random(3).nextBytes(written);
        written[data - 1] = 1;
        System.arraycopy(written, 0, bytes, 0, data);
        return bytes;
    }

    private Path file(String path, byte[] content) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    @Test
    void itemFilesAreTheBboltFileHitBeforeItsGrownZeros() throws Exception {
        Path db = file("az1-etcd-1/member/snap/db", dataThenZeros(86_016, 1_048_576));
        for (int fault = 1; fault <= 20; fault++) {
            Corruption c = corruption.corrupt(
                    fault, "az1-etcd-1", new CorruptionSpec(Where.ITEM_FILES, How.FLIP_BITS, When.AT_REST));
            assertEquals(db.toString(), c.file());
            assertEquals(EtcdSystem.GROUP, c.group());
            assertTrue(c.offset() + c.length() <= 86_016, "inside the pages bbolt has written: " + c);
        }
    }

    @Test
    void theLogTailIsTheWrittenEndOfTheNewestWalSegmentNotTheNextPreallocatedOne() throws Exception {
        file("az2-etcd-1/member/wal/0000000000000000-0000000000000000.wal", dataThenZeros(64_000, 200_000));
        Path newest =
                file("az2-etcd-1/member/wal/0000000000000001-00000000000003e9.wal", dataThenZeros(9_000, 200_000));
        file("az2-etcd-1/member/wal/0.tmp", dataThenZeros(100, 200_000));
        Corruption c =
                corruption.corrupt(1, "az2-etcd-1", new CorruptionSpec(Where.LOG_TAIL, How.FLIP_BITS, When.AT_REST));
        assertEquals(newest.toString(), c.file());
        assertEquals(9_000 - 4096, c.offset(), "the last written 4 KiB");
    }
}
