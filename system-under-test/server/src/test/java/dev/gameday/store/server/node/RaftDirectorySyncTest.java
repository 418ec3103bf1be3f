package dev.gameday.store.server.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory sync at start runs while Ratis renames its .tmp files into place: vanishing entries are no error. A
 * replica restart writes its log files again as new files (a sync of the old ones may not write what a failed fsync
 * left out).
 */
class RaftDirectorySyncTest {

    @TempDir
    Path temp;

    @Test
    void filesRenamedWhileTheSyncWalksDoNotFailTheStart() throws Exception {
        Path ratis = temp.resolve("ratis");
        Path current = Files.createDirectories(ratis.resolve("group/current"));
        Files.createDirectories(ratis.resolve("group/sm/rocksdb"));
        for (int i = 0; i < 200; i++) {
            Files.writeString(current.resolve("log_" + i), "entries");
        }
        AtomicBoolean stop = new AtomicBoolean();
        // What Ratis does to raft-meta.conf: write a .tmp file, rename it over the real one; bounded in time.
        Thread ratisLike = new Thread(() -> {
            long deadline = System.nanoTime() + 20_000_000_000L;
            try {
                while (!stop.get() && System.nanoTime() < deadline) {
                    Path tmp = current.resolve("raft-meta.conf.tmp");
                    Files.writeString(tmp, "term");
                    Files.move(
                            tmp,
                            current.resolve("raft-meta.conf"),
                            StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ratisLike.start();
        try {
            for (int i = 0; i < 300; i++) {
                assertDoesNotThrow(() -> RaftDirectorySync.syncAll(ratis));
            }
        } finally {
            stop.set(true);
            ratisLike.join();
        }
    }

    @Test
    void aRestartWritesEveryLogFileAgainAsANewFileWithTheSameBytes() throws Exception {
        Path group = temp.resolve("group");
        Path current = Files.createDirectories(group.resolve("current"));
        byte[] segment = new byte[3 * (1 << 20) + 17]; // over one copy buffer
        new Random(7).nextBytes(segment);
        Files.write(current.resolve("log_0-99"), segment);
        Files.writeString(current.resolve("log_inprogress_100"), "open segment");
        Files.writeString(current.resolve("raft-meta.conf"), "term=3");
        Files.writeString(current.resolve(RaftDirectorySync.REWRITE_PREFIX + "log_0-99"), "a copy a power loss cut");
        Map<String, Object> inodes = new TreeMap<>();
        for (String name : List.of("log_0-99", "log_inprogress_100", "raft-meta.conf")) {
            inodes.put(name, Files.getAttribute(current.resolve(name), "unix:ino"));
        }

        RaftDirectorySync.rewriteLog(group);

        try (Stream<Path> files = Files.list(current)) {
            assertEquals(
                    List.of("log_0-99", "log_inprogress_100", "raft-meta.conf"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "the same names, no copy left behind");
        }
        assertArrayEquals(segment, Files.readAllBytes(current.resolve("log_0-99")));
        assertEquals("open segment", Files.readString(current.resolve("log_inprogress_100")));
        assertEquals("term=3", Files.readString(current.resolve("raft-meta.conf")));
        for (Map.Entry<String, Object> before : inodes.entrySet()) {
            assertNotEquals(
                    before.getValue(),
                    Files.getAttribute(current.resolve(before.getKey()), "unix:ino"),
                    before.getKey() + " is a new file");
        }
    }
}
