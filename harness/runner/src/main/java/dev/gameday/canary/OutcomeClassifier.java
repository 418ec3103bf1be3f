package dev.gameday.canary;

import dev.gameday.history.OpType;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Decides whether a DynamoDB call that threw may still have taken effect. Getting this wrong in the
 * {@code fail} direction makes the checkers report phantom violations (a write recorded as failed
 * that a later read sees); in the {@code info} direction it only weakens them. So only answers the
 * service gave about the request itself count as definite:
 * <ul>
 *   <li>4xx from the service (ConditionalCheckFailed, Validation, ResourceNotFound, throttling,
 *       auth): rejected before being applied, {@code fail};</li>
 *   <li>5xx from the service: the write may have reached the log before the error, {@code info};</li>
 *   <li>no answer (timeouts, refused or reset connections, anything else): {@code info}.</li>
 * </ul>
 * A 4xx after retries is {@code info}: an earlier attempt may have timed out after being applied,
 * which is exactly how a retried put ends in ConditionalCheckFailed. Canary clients should disable
 * SDK retries so every answer is definite where it can be. A client of another system throws
 * {@link ClassifiedCallException} with the outcome it judged itself, taken as it is.
 */
public final class OutcomeClassifier {

    private OutcomeClassifier() {}

    public static Outcome classify(Throwable error) {
        if (error instanceof ClassifiedCallException classified) {
            return classified.outcome();
        }
        if (error instanceof SdkServiceException service) {
            String code = errorCode(service);
            boolean clientError = service.statusCode() >= 400 && service.statusCode() < 500;
            if (clientError && firstAttempt(service)) {
                return new Outcome(OpType.FAIL, code);
            }
            return new Outcome(OpType.INFO, clientError ? code + "-after-retries" : code);
        }
        if (error instanceof ApiCallTimeoutException
                || error instanceof ApiCallAttemptTimeoutException
                || hasCause(error, SocketTimeoutException.class)) {
            return new Outcome(OpType.INFO, "timeout");
        }
        if (hasCause(error, ConnectException.class)) {
            // Refused before the request was sent: the only no-answer case that is certainly not
            // applied, unless an earlier attempt got further.
            return new Outcome(firstAttempt(error) ? OpType.FAIL : OpType.INFO, "connection-refused");
        }
        if (hasCause(error, InterruptedIOException.class) || hasCause(error, InterruptedException.class)) {
            return new Outcome(OpType.INFO, "interrupted");
        }
        if (error instanceof SdkClientException) {
            // The root cause says which way the call broke (reset, no response, ...): keep it for the report.
            return new Outcome(
                    OpType.INFO, "client-error: " + rootCause(error).getClass().getSimpleName());
        }
        return new Outcome(OpType.INFO, error.getClass().getSimpleName());
    }

    /** The SDK records attempts on its exceptions; unknown counts as one (no retry policy ran). */
    private static boolean firstAttempt(Throwable error) {
        Integer attempts = error instanceof SdkException sdk ? sdk.numAttempts() : null;
        return attempts == null || attempts <= 1;
    }

    private static String errorCode(SdkServiceException service) {
        if (service instanceof AwsServiceException aws
                && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().errorCode();
        }
        return "http-" + service.statusCode();
    }

    /** The innermost cause: what broke first. Also for other systems' classifiers. */
    public static Throwable rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** Whether {@code error} or any of its causes is a {@code type}. Also for other systems' classifiers. */
    public static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
