package dev.gameday.report;

import dev.gameday.history.Op;
import dev.gameday.history.OpType;

/**
 * Whether a completed canary op counts as available. The service was available when it gave the
 * right answer: {@code ok}, or a condition check that failed because the condition was false (a
 * normal outcome of a compare-and-set). Everything else is an error to the customer: throttling,
 * validation errors of a well-formed canary, 5xx, timeouts, refused connections.
 */
public final class SuccessRule {

    /** The error a canary client records for a transaction whose compare was false (etcd's canaries). */
    public static final String COMPARE_FAILED = "compare-failed";
    /** The same outcome under DynamoDB's own name (the Gameday store's canaries). */
    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailedException";

    private SuccessRule() {}

    public static boolean countsAsSuccess(Op completion) {
        return completion.type() == OpType.OK
                || compareWasFalse(completion.type(), completion.extra().get("error"));
    }

    /** Whether a completion was a compare-and-set's correct "no": its condition was false, nothing was applied. */
    public static boolean compareWasFalse(OpType type, Object error) {
        return type == OpType.FAIL && (CONDITIONAL_CHECK_FAILED.equals(error) || COMPARE_FAILED.equals(error));
    }
}
