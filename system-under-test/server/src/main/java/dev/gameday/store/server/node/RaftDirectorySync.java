package dev.gameday.store.server.node;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the directory entries of the Ratis storage durable. Ratis 3.2.0 writes {@code raft-meta.conf} (term and
 * vote) and formats a group's storage by writing a temporary file, syncing it and renaming it into place, but never
 * syncs the directory: after a power loss the rename can be gone, and a group whose first rename was lost does not
 * start at all ("NOT_FORMATTED"; found by the power-loss experiment over the fault filesystem). Until Ratis syncs
 * its directories itself, the node syncs every directory under its Ratis storage once the groups are started, and
 * then every {@link #PERIOD_MILLIS}, which bounds how old a term or vote a power loss can bring back.
 */
final class RaftDirectorySync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftDirectorySync.class);
  static final long PERIOD_MILLIS = 200;

  private final Path ratisDir;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "raft-directory-sync");
    t.setDaemon(true);
    return t;
  });

  RaftDirectorySync(Path ratisDir) {
    this.ratisDir = ratisDir;
  }

  /** Syncs every directory now, then keeps doing it in the background. */
  void start() throws IOException {
    syncAll();
    timer.scheduleWithFixedDelay(() -> {
      try {
        syncAll();
      } catch (IOException | RuntimeException e) {
        LOG.warn("syncing the Ratis directories under {} failed: {}", ratisDir, e.toString());
      }
    }, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  void syncAll() throws IOException {
    if (!Files.isDirectory(ratisDir)) {
      return;
    }
    List<Path> dirs;
    try (Stream<Path> walk = Files.walk(ratisDir, 3)) {
      // ratis/, ratis/GROUP/, ratis/GROUP/current/ and sm/: where Ratis creates and renames files (RocksDB, below
      // sm/, syncs its own directories).
      dirs = walk.filter(Files::isDirectory).toList();
    }
    // Children first: a directory's entry in its parent is synced after what is inside it.
    for (int i = dirs.size() - 1; i >= 0; i--) {
      try (FileChannel dir = FileChannel.open(dirs.get(i), StandardOpenOption.READ)) {
        dir.force(true);
      } catch (java.nio.file.NoSuchFileException gone) {
        // removed meanwhile (a group removed, a temporary directory): nothing to make durable
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
