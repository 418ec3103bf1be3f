package dev.gameday.store.server.node;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs rounds of a check for callers that each need a round that started after they asked, sharing rounds
 * between them: at most one round is in flight, and everyone who asks meanwhile joins the next one, which starts
 * as soon as the one in flight ends (it may have started before they asked, so it cannot answer them).
 *
 * @param <T> what a round yields
 */
final class SharedRounds<T> {
    private final Supplier<CompletableFuture<T>> round;
    /** The round that callers asking now wait for; null until one asks. Started once nothing is in flight. */
    private CompletableFuture<T> next;

    private boolean inFlight;

    /** @param round starts one round; its future completes with the round's result or fails */
    SharedRounds(Supplier<CompletableFuture<T>> round) {
        this.round = round;
    }

    /** The result of a round that starts after this call. */
    CompletableFuture<T> join() {
        CompletableFuture<T> joined;
        boolean startNow;
        synchronized (this) {
            if (next == null) {
                next = new CompletableFuture<>();
            }
            joined = next;
            startNow = !inFlight;
            if (startNow) {
                inFlight = true;
                next = null;
            }
        }
        if (startNow) {
            start(joined);
        }
        return joined;
    }

    /** Runs the round {@code batch} waits for; when it ends, starts the next one if anyone is waiting. */
    private void start(CompletableFuture<T> batch) {
        CompletableFuture<T> started;
        try {
            started = round.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        started.whenComplete((result, error) -> {
            CompletableFuture<T> waiting;
            synchronized (this) {
                waiting = next;
                next = null;
                inFlight = waiting != null;
            }
            if (waiting != null) {
                start(waiting);
            }
            // Completed last: whatever the callers do next may run on this thread and must not delay the next round.
            if (error != null) {
                batch.completeExceptionally(error);
            } else {
                batch.complete(result);
            }
        });
    }
}
