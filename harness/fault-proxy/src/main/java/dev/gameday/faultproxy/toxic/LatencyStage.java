package dev.gameday.faultproxy.toxic;

import dev.gameday.faultproxy.link.Chunk;
import dev.gameday.faultproxy.link.Outlet;
import dev.gameday.faultproxy.link.Stage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Holds each chunk for latency ± uniform jitter after it reached this stage, keeping stream order.
 * Chunks are delayed in parallel (a burst is not serialised), so throughput is unaffected.
 */
final class LatencyStage extends Stage {
    private final long latencyMillis;
    private final long jitterMillis;

    LatencyStage(long latencyMillis, long jitterMillis) {
        this.latencyMillis = latencyMillis;
        this.jitterMillis = jitterMillis;
    }

    @Override
    public long advance(long now, Outlet out) {
        while (!queue.isEmpty()) {
            Chunk head = queue.peek();
            if (head.due() == Chunk.UNSCHEDULED) {
                // The end of the stream is not delayed: it still waits behind the data before it.
                head.scheduleAt(head.isEnd() ? now : head.enteredAt() + TimeUnit.MILLISECONDS.toNanos(delayMillis()));
            }
            if (head.due() > now) {
                return head.due();
            }
            out.emit(queue.poll());
        }
        return NEVER;
    }

    private long delayMillis() {
        if (jitterMillis <= 0) {
            return latencyMillis;
        }
        return latencyMillis + ThreadLocalRandom.current().nextLong(-jitterMillis, jitterMillis);
    }
}
