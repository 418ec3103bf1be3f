package dev.gameday.faultproxy.toxic;

import dev.gameday.faultproxy.link.Chunk;
import dev.gameday.faultproxy.link.Outlet;
import dev.gameday.faultproxy.link.Stage;

/** Lets {@code bytes} bytes through on this connection, then ends the stream (the rest is dropped). */
final class LimitDataStage extends Stage {
    private long remaining;
    private boolean ended;

    LimitDataStage(long bytes) {
        this.remaining = bytes;
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
                passWithinLimit(chunk, now, out);
            }
        }
        return NEVER;
    }

    private void passWithinLimit(Chunk chunk, long now, Outlet out) {
        if (chunk.size() > remaining) {
            Chunk allowed = chunk.takeFirst((int) remaining);
            out.discard(chunk);
            chunk = allowed;
        }
        remaining -= chunk.size();
        out.emit(chunk);
        if (remaining <= 0) {
            ended = true;
            out.emit(Chunk.end());
        }
    }
}
