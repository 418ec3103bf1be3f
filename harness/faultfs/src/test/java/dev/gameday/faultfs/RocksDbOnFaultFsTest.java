package dev.gameday.faultfs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * A real RocksDB on the mount (locks, fsync of directories, renames of CURRENT, fallocate all go through
 * FUSE): after a power loss it reopens consistent; unsynced writes are gone, synced ones are all there.
 */
class RocksDbOnFaultFsTest {

    @TempDir
    Path temp;

    FaultFs fs;
    Path db;

    @BeforeEach
    void mount() throws IOException {
        assumeTrue(FaultFs.available(), "skipped: /dev/fuse or libfuse.so.2 (Debian libfuse2) is missing on this host");
        RocksDB.loadLibrary();
        Path backing = Files.createDirectories(temp.resolve("backing"));
        fs = FaultFs.mount(backing, temp.resolve("mount"), temp.resolve("trash"), 1);
        db = fs.mountPoint().resolve("db");
    }

    @AfterEach
    void unmount() {
        if (fs != null) {
            fs.close();
        }
    }

    @Test
    void unsyncedWritesAreLostAndTheDatabaseReopensConsistent() throws Exception {
        writeKeys(100, true); // 0..99 synced
        writeKeysFrom(100, 200, false); // 100..199 not synced: in the WAL's page cache only
        PowerLossReport report = fs.powerLoss(3, true);
        assertTrue(report.unsyncedBytes() > 0, report.lines().toString());

        try (Options options = new Options();
                RocksDB rocks = RocksDB.open(options, db.toString())) {
            for (int i = 0; i < 100; i++) {
                assertArrayEquals(value(i), rocks.get(key(i)), "synced key " + i);
            }
            // What survives is a prefix of the unsynced writes (a torn WAL record ends recovery), never a gap.
            int survived = 0;
            while (survived < 100 && rocks.get(key(100 + survived)) != null) {
                survived++;
            }
            for (int i = 100 + survived; i < 200; i++) {
                assertEquals(null, rocks.get(key(i)), "key " + i + " after a gap");
            }
            assertTrue(survived < 100, "every unsynced write survived the power loss");
            rocks.put(key(500), value(500)); // still writable
        }
    }

    @Test
    void syncedWritesAllSurvive() throws Exception {
        writeKeys(200, true);
        fs.powerLoss(4, true);
        try (Options options = new Options();
                RocksDB rocks = RocksDB.open(options, db.toString());
                RocksIterator it = rocks.newIterator()) {
            int count = 0;
            for (it.seekToFirst(); it.isValid(); it.next()) {
                count++;
            }
            assertEquals(200, count);
        }
    }

    private void writeKeys(int count, boolean sync) throws RocksDBException {
        writeKeysFrom(0, count, sync);
    }

    private void writeKeysFrom(int from, int to, boolean sync) throws RocksDBException {
        try (Options options = new Options().setCreateIfMissing(true);
                RocksDB rocks = RocksDB.open(options, db.toString());
                WriteOptions write = new WriteOptions().setSync(sync)) {
            for (int i = from; i < to; i++) {
                rocks.put(write, key(i), value(i));
            }
            if (!sync) {
                // Closing would flush the memtable to an SST and sync it; a crash does not. Leave the
                // handle's files as a killed process would: the WAL written but not synced.
                rocks.cancelAllBackgroundWork(true);
            }
        }
    }

    private static byte[] key(int i) {
        return String.format("key-%05d", i).getBytes(UTF_8);
    }

    private static byte[] value(int i) {
        return ("value-" + i + "-" + "x".repeat(100)).getBytes(UTF_8);
    }
}
