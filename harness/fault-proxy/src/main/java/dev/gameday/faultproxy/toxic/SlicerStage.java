package dev.gameday.faultproxy.toxic;

import dev.gameday.faultproxy.link.Chunk;
import dev.gameday.faultproxy.link.Outlet;
import dev.gameday.faultproxy.link.Stage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cuts each chunk into pieces of {@code average_size} ± {@code size_variation} bytes and releases
 * them one at a time, {@code delay} microseconds apart.
 */
final class SlicerStage extends Stage {
    private final long averageSize;
    private final long sizeVariation;
    private final long delayNanos;
    private long nextReleaseAt = Long.MIN_VALUE;

    SlicerStage(long averageSize, long sizeVariation, long delayMicros) {
        this.averageSize = Math.max(1, averageSize);
        // A variation as large as the average would allow empty pieces.
        this.sizeVariation = Math.max(0, Math.min(sizeVariation, this.averageSize - 1));
        this.delayNanos = TimeUnit.MICROSECONDS.toNanos(delayMicros);
    }

    @Override
    public long advance(long now, Outlet out) {
        while (!queue.isEmpty()) {
            if (now < nextReleaseAt) {
                return nextReleaseAt;
            }
            Chunk head = queue.peek();
            long pieceSize = pieceSize();
            if (head.isEnd() || head.size() <= pieceSize) {
                out.emit(queue.poll());
            } else {
                out.emit(head.takeFirst((int) pieceSize));
            }
            nextReleaseAt = now + delayNanos;
        }
        return NEVER;
    }

    private long pieceSize() {
        if (sizeVariation == 0) {
            return averageSize;
        }
        return averageSize + ThreadLocalRandom.current().nextLong(-sizeVariation, sizeVariation + 1);
    }
}
