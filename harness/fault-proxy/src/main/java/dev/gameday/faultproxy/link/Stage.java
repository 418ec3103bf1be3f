package dev.gameday.faultproxy.link;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One toxic applied to one direction of one connection: it holds chunks until they are due.
 *
 * <p>Stages are driven by their {@link Link}: it feeds chunks with {@link #accept} and calls
 * {@link #advance} whenever something may have become due. All calls come from the event loop thread.
 */
public abstract class Stage {
    /** A wake-up time meaning "only new input can change anything". */
    public static final long NEVER = Long.MAX_VALUE;

    /** Chunks received and not yet released, oldest first. */
    protected final ArrayDeque<Chunk> queue = new ArrayDeque<>();

    public final void accept(Chunk chunk, long now) {
        chunk.enter(now);
        queue.add(chunk);
    }

    /**
     * Releases (or drops) everything due at {@code now} through the outlet.
     *
     * @return the System.nanoTime() at which to call again, or {@link #NEVER}; always after {@code now}
     */
    public abstract long advance(long now, Outlet out);

    /**
     * Hands over everything still held, in stream order, because the stage leaves the chain
     * (removed, or replaced by an updated toxic). Toxiproxy never drops in-flight data here.
     */
    public List<Chunk> drain() {
        List<Chunk> held = new ArrayList<>(queue);
        queue.clear();
        return held;
    }

    /** Whether taking this stage out of the chain ends the stream (Toxiproxy's timeout toxic does). */
    public boolean endsStreamWhenRemoved() {
        return false;
    }
}
