package dev.gameday.faultproxy.toxic;

import dev.gameday.faultproxy.link.Chunk;
import dev.gameday.faultproxy.link.Outlet;
import dev.gameday.faultproxy.link.Stage;
import java.util.concurrent.TimeUnit;

/**
 * Swallows all data and ends the stream once {@code timeout} ms pass without any data arriving
 * (counted from when the toxic started on this connection; 0 means never). As in Toxiproxy, each
 * swallowed chunk restarts the wait, and removing the toxic ends the stream too.
 */
final class TimeoutStage extends Stage {
    private final long timeoutNanos;
    private long deadline;
    private boolean ended;

    TimeoutStage(long timeoutMillis, long startedAt) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.deadline = timeoutMillis > 0 ? startedAt + timeoutNanos : NEVER;
    }

    @Override
    public long advance(long now, Outlet out) {
        while (!queue.isEmpty()) {
            Chunk chunk = queue.poll();
            if (ended) {
                out.discard(chunk);
            } else if (chunk.isEnd()) {
                ended = true;
                out.emit(chunk);
            } else {
                out.discard(chunk);
                if (deadline != NEVER) {
                    deadline = chunk.enteredAt() + timeoutNanos;
                }
            }
        }
        if (ended) {
            return NEVER;
        }
        if (now >= deadline) {
            ended = true;
            out.emit(Chunk.end());
            return NEVER;
        }
        return deadline;
    }

    @Override
    public boolean endsStreamWhenRemoved() {
        return true;
    }
}
