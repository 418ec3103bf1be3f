package dev.gameday.canary;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out history process ids, unique across all canary loops of a run. A worker takes a new id
 * after an indeterminate ({@code info}) op, because as far as the checkers know that op may still be
 * in flight and a process runs one op at a time (Jepsen's convention).
 */
public final class ProcessIds {
    private final AtomicLong next = new AtomicLong();

    public long next() {
        return next.getAndIncrement();
    }
}
