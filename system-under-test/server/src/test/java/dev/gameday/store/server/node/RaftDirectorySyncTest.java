package dev.gameday.store.server.node;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory sync at start runs while Ratis renames its .tmp files into place: vanishing entries are no error. */
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
}
