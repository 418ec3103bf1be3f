package dev.gameday.checker;

import dev.gameday.history.Op;
import dev.gameday.history.OpType;

/**
 * An invocation paired with its completion. Operations whose completion is missing from the history
 * (the client was still waiting when the history ended) count as {@link OpType#INFO}: outcome unknown.
 *
 * @param invocation the {@code :invoke} event
 * @param completion the {@code :ok}, {@code :fail} or {@code :info} event; null when missing
 */
public record Operation(Op invocation, Op completion) {

    /** OK, FAIL or INFO; a missing completion is INFO. */
    public OpType outcome() {
        return completion == null ? OpType.INFO : completion.type();
    }

    public boolean isOk() {
        return outcome() == OpType.OK;
    }

    public String f() {
        return invocation.f();
    }

    public String key() {
        return invocation.key();
    }

    public long process() {
        return invocation.process();
    }

    /** What the client asked for: the value of the invocation. */
    public Object input() {
        return invocation.value();
    }

    /** What the client was told: the value of an :ok completion (e.g. what a read returned); else null. */
    public Object output() {
        return isOk() ? completion.value() : null;
    }

    /** History index of the invocation. */
    public long invokeIndex() {
        return invocation.index();
    }

    /** History index of the completion, or {@link Long#MAX_VALUE} when the outcome is unknown. */
    public long completeIndex() {
        return outcome() == OpType.INFO ? Long.MAX_VALUE : completion.index();
    }

    /** Invocation time in nanoseconds, {@link Op#NO_TIME} when the history has none. */
    public long invokeTime() {
        return invocation.timeNanos();
    }

    /** Completion time in nanoseconds, {@link Op#NO_TIME} when the history has none or it is missing. */
    public long completeTime() {
        return completion == null ? Op.NO_TIME : completion.timeNanos();
    }
}
