package dev.gameday.store.server.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the directory entries of the Ratis storage durable. Ratis 3.2.0 writes {@code raft-meta.conf} (term and
 * vote) and formats a group's storage by writing a temporary file, syncing it and renaming it into place, but never
 * syncs the directory: after a power loss the rename can be gone, and a group whose first rename was lost does not
 * start at all ("NOT_FORMATTED"; found by the power-loss experiment over the fault filesystem). Until Ratis syncs
 * its directories itself, the node syncs every directory under its Ratis storage once the groups are started.
 * What this leaves open: a later raft-meta.conf rename (a new term or vote) is still not durable until the next
 * start, so a power loss can bring an older term and vote back (to be fixed in Ratis: sync the directory after
 * the rename). It also makes one group's log durable before that group is opened again: synced after a cut
 * ({@link #syncLog}), written again after a disk failure ({@link #rewriteLog}).
 */
final class RaftDirectorySync {
    private static final Logger LOG = LoggerFactory.getLogger(RaftDirectorySync.class);

    /** The name prefix of a file {@link #rewriteLog} is writing; never a name Ratis reads ({@code log_...}). */
    static final String REWRITE_PREFIX = "rewriting-";

    private RaftDirectorySync() {}

    /** Syncs every directory under {@code ratisDir}, children before their parents. */
    static void syncAll(Path ratisDir) throws IOException {
        if (!Files.isDirectory(ratisDir)) {
            return;
        }
        // ratis/, ratis/GROUP/, ratis/GROUP/current/ and sm/: where Ratis creates and renames files (RocksDB, below
        // sm/, syncs its own directories). Ratis renames its .tmp files while this walks (the groups are running), so
        // an entry that is gone by the time it is looked at is skipped, not an error: Files.walk threw
        // NoSuchFileException for raft-meta.conf.tmp here and the node did not start.
        List<Path> dirs = new ArrayList<>();
        Files.walkFileTree(ratisDir, EnumSet.noneOf(FileVisitOption.class), 3, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                dirs.add(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isDirectory()) {
                    dirs.add(file); // a directory at the depth limit
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        // Children first: a directory's entry in its parent is synced after what is inside it.
        for (int i = dirs.size() - 1; i >= 0; i--) {
            // one removed meanwhile (a group removed, a temporary directory) has nothing to make durable
            forceIfPresent(dirs.get(i));
        }
        LOG.info("synced the {} directories under {}", dirs.size(), ratisDir);
    }

    /**
     * Syncs every file of one group's Raft storage ({@code groupDir/current}: log segments and raft-meta.conf),
     * then that directory and the group's: what a reopened log reads is then on disk (RaftLogRecovery's cut).
     */
    static void syncLog(Path groupDir) throws IOException {
        // a file renamed or removed since it was listed (a .tmp file) has its new name synced with the directory
        eachFileThenDirectories(groupDir, RaftDirectorySync::forceIfPresent);
    }

    /**
     * Writes every file of one group's Raft storage ({@code groupDir/current}) again as a new file, synced before it
     * replaces the old one, then syncs that directory and the group's: what a reopened log reads is then on disk,
     * even where an fsync failed (ReplicaRestarts). After a failed fsync Linux marks the pages it could not write
     * clean, so a later fsync of the same file succeeds without writing them (fsyncgate), while reads still return
     * them from the page cache; every page of a new file is dirty, so its fsync writes them all. Must not run while
     * Ratis has the group open. A copy that a power loss interrupted is deleted by the next call.
     */
    static void rewriteLog(Path groupDir) throws IOException {
        eachFileThenDirectories(groupDir, file -> {
            if (file.getFileName().toString().startsWith(REWRITE_PREFIX)) {
                Files.deleteIfExists(file);
                return;
            }
            Path copy = file.resolveSibling(REWRITE_PREFIX + file.getFileName());
            try {
                copyAndSync(file, copy);
                Files.move(copy, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException gone) {
                // a .tmp file Ratis renamed before it was closed: its new name is in the list
            } finally {
                Files.deleteIfExists(copy);
            }
        });
    }

    private interface FileStep {
        void apply(Path file) throws IOException;
    }

    /** {@code step} on each file of {@code groupDir/current}, then a sync of that directory and of the group's. */
    private static void eachFileThenDirectories(Path groupDir, FileStep step) throws IOException {
        Path current = groupDir.resolve("current");
        if (!Files.isDirectory(current)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(current)) {
            files = list.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            step.apply(file);
        }
        for (Path dir : List.of(current, groupDir)) {
            forceIfPresent(dir);
        }
    }

    /** A plain read and write, not Files.copy: a copy that shares the old file's blocks would not write them. */
    private static void copyAndSync(Path from, Path to) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(
                        to,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            while (in.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                buffer.clear();
            }
            out.force(true);
        }
    }

    /** fsync of a file or a directory, opened for reading; one that is gone has nothing to make durable. */
    static void forceIfPresent(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (NoSuchFileException gone) {
            // nothing to sync
        }
    }
}
