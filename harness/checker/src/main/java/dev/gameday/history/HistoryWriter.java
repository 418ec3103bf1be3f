package dev.gameday.history;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Appends ops to a file as one EDN map per line, the format {@link HistoryReader} reads back to an
 * equal {@link Op}. Each line is flushed as it is written, so a crashed run still leaves a readable
 * history. Safe to call from many client threads, but indexes must increase with every append:
 * checkers take the index order as real-time order, so assign the index and append under one lock.
 */
public final class HistoryWriter implements Closeable {
    private final BufferedWriter out;
    private long lastIndex = Long.MIN_VALUE;

    public HistoryWriter(Path file) {
        try {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create history file " + file, e);
        }
    }

    /** @throws IllegalArgumentException if the op's index is not greater than the previous op's */
    public synchronized void append(Op op) {
        if (op.index() <= lastIndex) {
            throw new IllegalArgumentException(
                    "op index " + op.index() + " after " + lastIndex + ": indexes must increase");
        }
        lastIndex = op.index();
        try {
            out.write(toEdn(op));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to history", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close history", e);
        }
    }

    /** The EDN line for one op: fixed fields first, then the extra keys in their order. */
    static String toEdn(Op op) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{:index ").append(op.index());
        if (op.timeNanos() != Op.NO_TIME) {
            sb.append(", :time ").append(op.timeNanos());
        }
        sb.append(", :process ").append(op.process() == Op.NEMESIS ? ":nemesis" : Long.toString(op.process()));
        sb.append(", :type :").append(op.type().ednName());
        sb.append(", :f :").append(op.f());
        if (op.key() != null) {
            sb.append(", :key ");
            EdnWriter.append(sb, op.key());
        }
        sb.append(", :value ");
        EdnWriter.append(sb, op.value());
        for (Map.Entry<String, Object> entry : op.extra().entrySet()) {
            sb.append(", :").append(entry.getKey()).append(' ');
            EdnWriter.append(sb, entry.getValue());
        }
        return sb.append('}').toString();
    }
}
