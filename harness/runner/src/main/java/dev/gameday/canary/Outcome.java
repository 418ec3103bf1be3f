package dev.gameday.canary;

import dev.gameday.history.OpType;

/**
 * How a failed client call goes into the history: {@link OpType#FAIL} when the store certainly did
 * not apply it, {@link OpType#INFO} when it may have; {@code error} is the short reason recorded
 * under {@code :error} (an AWS error code such as {@code ConditionalCheckFailedException}, or
 * {@code timeout}, {@code connection}, ...).
 */
public record Outcome(OpType type, String error) {

    public Outcome {
        if (type != OpType.FAIL && type != OpType.INFO) {
            throw new IllegalArgumentException("an error outcome is fail or info, not " + type);
        }
    }
}
