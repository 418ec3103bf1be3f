package dev.gameday.faultproxy.toxic;

import dev.gameday.faultproxy.link.Chunk;
import dev.gameday.faultproxy.link.Outlet;
import dev.gameday.faultproxy.link.Stage;
import java.util.concurrent.TimeUnit;

/**
 * Once data arrives, waits {@code timeout} ms and then aborts the connection with a TCP reset;
 * the data itself is dropped. A stream that ends before any data closes normally.
 */
final class ResetPeerStage extends Stage {
    private final long timeoutNanos;
    private long resetAt = NEVER;

    ResetPeerStage(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    @Override
    public long advance(long now, Outlet out) {
        while (!queue.isEmpty()) {
            Chunk chunk = queue.poll();
            if (chunk.isEnd() && resetAt == NEVER) {
                out.emit(chunk);
                return NEVER;
            }
            if (resetAt == NEVER) {
                resetAt = chunk.enteredAt() + timeoutNanos;
            }
            out.discard(chunk);
        }
        if (resetAt != NEVER && now >= resetAt) {
            out.reset();
            return NEVER;
        }
        return resetAt;
    }
}
