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
    private SuccessRule() {
    }

    public static boolean countsAsSuccess(Op completion) {
        return completion.type() == OpType.OK
                || (completion.type() == OpType.FAIL
                    && "ConditionalCheckFailedException".equals(completion.extra().get("error")));
    }
}
