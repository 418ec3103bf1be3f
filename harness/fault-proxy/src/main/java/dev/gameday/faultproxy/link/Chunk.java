package dev.gameday.faultproxy.link;

import java.nio.ByteBuffer;

/**
 * One piece of a byte stream on its way through a toxic chain, or the end-of-stream marker.
 *
 * <p>A chunk belongs to exactly one stage (or the socket writer) at a time, so its mutable fields
 * are the holding stage's bookkeeping, reset whenever the chunk moves on.
 */
public final class Chunk {
    /** Marks "not scheduled yet" in {@link #due}. */
    public static final long UNSCHEDULED = Long.MIN_VALUE;

    private final ByteBuffer data;
    private long enteredAt;
    private long due = UNSCHEDULED;

    private Chunk(ByteBuffer data) {
        this.data = data;
    }

    public static Chunk data(ByteBuffer data) {
        return new Chunk(data);
    }

    /** The end of the stream: after it no data follows, and when it is delivered the connection closes. */
    public static Chunk end() {
        return new Chunk(null);
    }

    public boolean isEnd() {
        return data == null;
    }

    /** The bytes still to deliver; the writer advances its position. Null for the end marker. */
    public ByteBuffer data() {
        return data;
    }

    public int size() {
        return data == null ? 0 : data.remaining();
    }

    /** Splits off the first {@code bytes} bytes as a new chunk; this chunk keeps the rest. */
    public Chunk takeFirst(int bytes) {
        ByteBuffer head = data.slice();
        head.limit(bytes);
        data.position(data.position() + bytes);
        Chunk first = new Chunk(head);
        first.enteredAt = enteredAt;
        return first;
    }

    /** System.nanoTime() when the current stage received the chunk. */
    public long enteredAt() {
        return enteredAt;
    }

    /** When the current stage means to release the chunk, or {@link #UNSCHEDULED}. */
    public long due() {
        return due;
    }

    public void scheduleAt(long nanos) {
        due = nanos;
    }

    void enter(long now) {
        enteredAt = now;
        due = UNSCHEDULED;
    }
}
