package dev.gameday.store.server.node;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * A group's term and vote file, {@code current/raft-meta}: Java properties {@code term} and {@code votedFor}, as
 * Ratis 3.2.0 writes them. Ratis replaces the file through a temporary one, but when the write fails (a full disk)
 * it still renames the temporary file into place: it writes through a buffered writer whose close flushes the
 * bytes (which fails) and then closes the stream that syncs and renames (which succeeds on an empty file). The file
 * is then empty and Ratis cannot open the group again ("Failed to load .../raft-meta"), in this process or after a
 * restart. Found by {@code experiments/disk-full.yaml}.
 */
final class RaftMetaFile {
    static final String NAME = "raft-meta";
    private static final String TERM = "term";
    private static final String VOTED_FOR = "votedFor";

    private RaftMetaFile() {}

    /**
     * Writes {@code term}, with a vote for {@code self}, over a term and vote file Ratis cannot read, so that the group
     * opens again; returns whether it did. This is safe by Raft's rules when {@code term} is at least every term in
     * which the replica granted a vote: the division's term in memory when it was removed qualifies, since Ratis
     * raises the term before it persists a vote and grants the vote only once persisted. The vote for itself keeps it
     * from granting a second vote in that term. Fails when the file is unreadable and {@code term} is negative (not
     * known): the group then stays closed rather than risk two votes in one term.
     */
    static boolean repairIfUnreadable(Path currentDir, long term, String self) throws IOException {
        Path file = currentDir.resolve(NAME);
        if (!Files.exists(file) || readable(file)) {
            return false;
        }
        if (term < 0) {
            throw new IOException(file + " is unreadable and no term is known to rewrite it with");
        }
        Properties properties = new Properties();
        properties.setProperty(TERM, Long.toString(term));
        properties.setProperty(VOTED_FOR, self);
        StringWriter text = new StringWriter();
        properties.store(text, "rewritten by the store: the file was unreadable after a failed write");
        // A temporary file, synced, renamed over the bad one, then the directory synced: a failure at any step (the
        // disk still full) leaves the bad file, and the next attempt starts again.
        Path temporary = currentDir.resolve(NAME + ".repair");
        try (FileChannel out = FileChannel.open(
                temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = UTF_8.encode(text.toString());
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(currentDir, StandardOpenOption.READ)) {
            dir.force(true);
        }
        return true;
    }

    /** Whether the file holds a term and a vote that Ratis can read. */
    static boolean readable(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, UTF_8)) {
            properties.load(in);
            Long.parseLong(properties.getProperty(TERM));
            return properties.getProperty(VOTED_FOR) != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
