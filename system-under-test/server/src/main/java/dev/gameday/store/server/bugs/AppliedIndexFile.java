package dev.gameday.store.server.bugs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * BUG {@code appliedIndexOutrunsItems}: a replica records how far it applied in a file of its own, fsynced after
 * every entry, while the items of those entries go to RocksDB, whose write-ahead log the store never syncs (the
 * Raft log is what makes a write durable). After a power loss the file is ahead of RocksDB, the replica trusts
 * it and skips replaying the entries whose items the power loss took. A process crash (SIGKILL) loses nothing,
 * since the page cache keeps RocksDB's log: only a real power loss shows it. Exists only so the harness can
 * prove it notices.
 */
public final class AppliedIndexFile implements AutoCloseable {
    static final String FILE_NAME = "applied-index";

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES);

    private AppliedIndexFile(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens (or creates) the file in a replica's state machine directory. */
    public static AppliedIndexFile open(Path stateMachineDir) throws IOException {
        return new AppliedIndexFile(FileChannel.open(
                stateMachineDir.resolve(FILE_NAME),
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE));
    }

    /** The index recorded last, or -1 when there is none yet. */
    public synchronized long recorded() throws IOException {
        if (channel.size() < Long.BYTES) {
            return -1;
        }
        buffer.clear();
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
            // read until the 8 bytes are in
        }
        return buffer.flip().getLong();
    }

    /** Records {@code index} as applied and fsyncs the file (but not RocksDB: that is the bug). */
    public synchronized void record(long index) throws IOException {
        buffer.clear().putLong(index).flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer, buffer.position());
        }
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
