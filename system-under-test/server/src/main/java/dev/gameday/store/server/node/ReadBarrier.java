package dev.gameday.store.server.node;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Orders a data group's ConsistentReads through its Raft log. A read waits for a barrier entry that the leader
 * appends after the read arrived; once that entry is committed and applied on this replica, every write
 * committed before the read arrived is applied too, so reading the replica's state then is linearizable.
 *
 * <p>Why not Ratis' ReadIndex alone: in Ratis 3.2.0 a leader answers a ReadIndex read at once, without a new
 * heartbeat round, when a majority already acknowledged its commit index in an earlier round. A leader cut off
 * from its followers keeps that commit index, so it serves old data while a new leader commits writes (issue 10,
 * RATIS-READINDEX-BUG.md). A barrier cannot be committed without a majority that accepts this leader's term
 * after the read arrived, which is the confirmation Raft asks for (thesis section 6.4).
 *
 * <p>Cost: one log append per batch, not per read. At most one barrier is in flight; reads arriving meanwhile
 * join the next one, which is appended as soon as the one in flight is done (it may have been appended before
 * they arrived, so it cannot serve them).
 */
final class ReadBarrier {
  private final Supplier<CompletableFuture<Void>> appendBarrier;
  /** The barrier that reads arriving now wait for; null until one arrives. Appended once nothing is in flight. */
  private CompletableFuture<Void> next;
  private boolean inFlight;

  /**
   * @param appendBarrier appends one barrier entry through the leader; completes once it is committed and
   *     applied on this replica, or fails (e.g. this replica is not the leader)
   */
  ReadBarrier(Supplier<CompletableFuture<Void>> appendBarrier) {
    this.appendBarrier = appendBarrier;
  }

  /** Completes once a barrier appended after this call is committed and applied here; fails if that fails. */
  CompletableFuture<Void> await() {
    CompletableFuture<Void> joined;
    boolean appendNow;
    synchronized (this) {
      if (next == null) {
        next = new CompletableFuture<>();
      }
      joined = next;
      appendNow = !inFlight;
      if (appendNow) {
        inFlight = true;
        next = null;
      }
    }
    if (appendNow) {
      append(joined);
    }
    return joined;
  }

  /** Appends the barrier {@code batch} waits for; when it is done, appends the next one if reads are waiting. */
  private void append(CompletableFuture<Void> batch) {
    CompletableFuture<Void> appended;
    try {
      appended = appendBarrier.get();
    } catch (RuntimeException e) {
      appended = CompletableFuture.failedFuture(e);
    }
    appended.whenComplete((ok, error) -> {
      CompletableFuture<Void> waiting;
      synchronized (this) {
        waiting = next;
        next = null;
        inFlight = waiting != null;
      }
      if (waiting != null) {
        append(waiting);
      }
      // Completed last: the reads' answers may run on this thread and must not delay the next barrier.
      if (error != null) {
        batch.completeExceptionally(error);
      } else {
        batch.complete(null);
      }
    });
  }
}
