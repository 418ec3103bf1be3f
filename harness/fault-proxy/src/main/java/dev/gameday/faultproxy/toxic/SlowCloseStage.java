package dev.gameday.faultproxy.toxic;

import dev.gameday.faultproxy.link.Chunk;
import dev.gameday.faultproxy.link.Outlet;
import dev.gameday.faultproxy.link.Stage;
import java.util.concurrent.TimeUnit;

/** Passes data at once but holds the end of the stream for {@code delay} ms, delaying the close. */
final class SlowCloseStage extends Stage {
    private final long delayNanos;

    SlowCloseStage(long delayMillis) {
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
    }

    @Override
    public long advance(long now, Outlet out) {
        while (!queue.isEmpty()) {
            Chunk head = queue.peek();
            if (head.isEnd()) {
                if (head.due() == Chunk.UNSCHEDULED) {
                    head.scheduleAt(head.enteredAt() + delayNanos);
                }
                if (head.due() > now) {
                    return head.due();
                }
            }
            out.emit(queue.poll());
        }
        return NEVER;
    }
}
