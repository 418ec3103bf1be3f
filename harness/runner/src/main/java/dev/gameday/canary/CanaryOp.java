package dev.gameday.canary;

import dev.gameday.history.OpType;

/**
 * One canary operation: performs a call (through {@link HistoryRecorder#record}) as {@code process}
 * and returns the completion's type. Calls must bound their own time (client timeouts): the loop
 * waits for an op in flight when it stops.
 */
@FunctionalInterface
public interface CanaryOp {
    OpType perform(long process) throws InterruptedException;
}
