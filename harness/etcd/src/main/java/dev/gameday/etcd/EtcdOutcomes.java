package dev.gameday.etcd;

import static dev.gameday.canary.OutcomeClassifier.hasCause;
import static dev.gameday.canary.OutcomeClassifier.rootCause;

import dev.gameday.canary.Outcome;
import dev.gameday.history.OpType;
import dev.gameday.report.SuccessRule;
import io.grpc.Status;
import java.net.ConnectException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Whether an etcd call that did not succeed may still have taken effect, as the store's
 * {@code OutcomeClassifier} decides it for DynamoDB calls: {@code fail} only when etcd certainly did not apply
 * it, {@code info} when it may have (a phantom {@code fail} makes the checkers report violations that are not).
 * <ul>
 *   <li>a transaction whose compare was false ({@link CompareFailedException}): nothing applied, {@code fail}, and an
 *       available answer ({@link SuccessRule});</li>
 *   <li>errors etcd returns before proposing anything to Raft: invalid or too large requests, compacted
 *       revisions, too many requests, no space, permissions: {@code fail};</li>
 *   <li>a connection refused before the request went out: {@code fail} (jetcd's retries are off, so there was
 *       no earlier attempt that got further);</li>
 *   <li>everything else, {@code info}: the client's timeout, and {@code UNAVAILABLE}, which etcd also returns
 *       after proposing ("request timed out", "leader changed": the entry may still commit).</li>
 * </ul>
 */
public final class EtcdOutcomes {

    /** gRPC codes etcd 3.4 gives only to requests it refused before they reached its Raft log. */
    private static final Set<Status.Code> REFUSED_BEFORE_PROPOSAL = Set.of(
            Status.Code.INVALID_ARGUMENT,
            Status.Code.OUT_OF_RANGE,
            Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.PERMISSION_DENIED,
            Status.Code.UNAUTHENTICATED,
            Status.Code.FAILED_PRECONDITION,
            Status.Code.NOT_FOUND,
            Status.Code.ALREADY_EXISTS);

    private EtcdOutcomes() {}

    public static Outcome classify(Throwable error) {
        if (error instanceof CompareFailedException) {
            return new Outcome(OpType.FAIL, SuccessRule.COMPARE_FAILED);
        }
        if (hasCause(error, TimeoutException.class)) {
            return new Outcome(OpType.INFO, "timeout");
        }
        if (hasCause(error, ConnectException.class)) {
            return new Outcome(OpType.FAIL, "connection-refused");
        }
        Status status = Status.fromThrowable(error);
        String reason = status.getCode().name().toLowerCase(Locale.ROOT)
                + (status.getDescription() == null ? "" : ": " + status.getDescription());
        if (status.getCode() == Status.Code.UNKNOWN && status.getDescription() == null) {
            // Not a gRPC status at all: say what it was.
            reason = "client-error: " + rootCause(error).getClass().getSimpleName();
        }
        if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            reason = "timeout";
        }
        return new Outcome(REFUSED_BEFORE_PROPOSAL.contains(status.getCode()) ? OpType.FAIL : OpType.INFO, reason);
    }
}
