package dev.gameday.faultproxy.toxic;

import dev.gameday.faultproxy.link.Chunk;
import dev.gameday.faultproxy.link.Outlet;
import dev.gameday.faultproxy.link.Stage;

/**
 * Paces the stream to {@code rate} KB/s (1 KB = 1000 bytes, so the rate is also bytes per millisecond).
 * A piece is released once its transmission time has passed. Rate 0 holds all data back, which is how
 * Testcontainers "cuts" a connection; the data flows again when the toxic is removed.
 */
final class BandwidthStage extends Stage {
    /** Pieces cover at most this much transmission time, so a large read is spread out smoothly. */
    private static final long PIECE_MILLIS = 10;

    private static final long NANOS_PER_MILLI = 1_000_000;

    private final long bytesPerMilli;
    /** When the previous piece finished "transmitting"; the next one starts no earlier. */
    private long lineFreeAt = Long.MIN_VALUE;

    BandwidthStage(long rateKilobytesPerSecond) {
        this.bytesPerMilli = rateKilobytesPerSecond;
    }

    @Override
    public long advance(long now, Outlet out) {
        while (!queue.isEmpty()) {
            Chunk head = queue.peek();
            if (head.isEnd()) {
                out.emit(queue.poll());
                continue;
            }
            if (bytesPerMilli <= 0) {
                return NEVER;
            }
            if (head.due() == Chunk.UNSCHEDULED) {
                head = splitOversized(head);
                long start = Math.max(head.enteredAt(), lineFreeAt);
                lineFreeAt = start + head.size() * NANOS_PER_MILLI / bytesPerMilli;
                head.scheduleAt(lineFreeAt);
            }
            if (head.due() > now) {
                return head.due();
            }
            out.emit(queue.poll());
        }
        return NEVER;
    }

    private Chunk splitOversized(Chunk head) {
        long maxPiece = Math.max(1, bytesPerMilli * PIECE_MILLIS);
        if (head.size() <= maxPiece) {
            return head;
        }
        Chunk piece = head.takeFirst((int) maxPiece);
        queue.addFirst(piece);
        return piece;
    }
}
