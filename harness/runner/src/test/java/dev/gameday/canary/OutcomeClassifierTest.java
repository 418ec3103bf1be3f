package dev.gameday.canary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gameday.history.OpType;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

class OutcomeClassifierTest {

    private static AwsErrorDetails details(String code, int status) {
        return AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage(code + " message")
                .sdkHttpResponse(software.amazon.awssdk.http.SdkHttpResponse.builder()
                        .statusCode(status)
                        .build())
                .build();
    }

    @Test
    void conditionalCheckFailedDidNotHappen() {
        var e = ConditionalCheckFailedException.builder()
                .statusCode(400)
                .awsErrorDetails(details("ConditionalCheckFailedException", 400))
                .numAttempts(1)
                .build();
        assertEquals(new Outcome(OpType.FAIL, "ConditionalCheckFailedException"), OutcomeClassifier.classify(e));
    }

    @Test
    void otherClientErrorsDidNotHappen() {
        // The SDK has no class for ValidationException or ThrottlingException: they arrive as DynamoDbException.
        var validation = DynamoDbException.builder()
                .statusCode(400)
                .awsErrorDetails(details("ValidationException", 400))
                .build();
        var throttling = DynamoDbException.builder()
                .statusCode(400)
                .awsErrorDetails(details("ThrottlingException", 400))
                .build();
        var notFound = ResourceNotFoundException.builder()
                .statusCode(400)
                .awsErrorDetails(details("ResourceNotFoundException", 400))
                .build();
        var throughput = ProvisionedThroughputExceededException.builder()
                .statusCode(400)
                .awsErrorDetails(details("ProvisionedThroughputExceededException", 400))
                .build();
        assertEquals(new Outcome(OpType.FAIL, "ValidationException"), OutcomeClassifier.classify(validation));
        assertEquals(new Outcome(OpType.FAIL, "ThrottlingException"), OutcomeClassifier.classify(throttling));
        assertEquals(new Outcome(OpType.FAIL, "ResourceNotFoundException"), OutcomeClassifier.classify(notFound));
        assertEquals(
                new Outcome(OpType.FAIL, "ProvisionedThroughputExceededException"),
                OutcomeClassifier.classify(throughput));
    }

    @Test
    void clientErrorAfterRetriesIsUnknown() {
        // The first attempt may have timed out after the write was applied; the retry then fails its condition.
        var e = ConditionalCheckFailedException.builder()
                .statusCode(400)
                .awsErrorDetails(details("ConditionalCheckFailedException", 400))
                .numAttempts(2)
                .build();
        assertEquals(
                new Outcome(OpType.INFO, "ConditionalCheckFailedException-after-retries"),
                OutcomeClassifier.classify(e));
    }

    @Test
    void serverErrorsMayHaveHappened() {
        var internal = InternalServerErrorException.builder()
                .statusCode(500)
                .awsErrorDetails(details("InternalServerError", 500))
                .build();
        var unavailable = DynamoDbException.builder()
                .statusCode(503)
                .awsErrorDetails(details("ServiceUnavailableException", 503))
                .build();
        var bare = DynamoDbException.builder().statusCode(502).build();
        assertEquals(new Outcome(OpType.INFO, "InternalServerError"), OutcomeClassifier.classify(internal));
        assertEquals(new Outcome(OpType.INFO, "ServiceUnavailableException"), OutcomeClassifier.classify(unavailable));
        assertEquals(new Outcome(OpType.INFO, "http-502"), OutcomeClassifier.classify(bare));
    }

    @Test
    void noAnswerMayHaveHappened() {
        assertEquals(
                new Outcome(OpType.INFO, "timeout"),
                OutcomeClassifier.classify(ApiCallTimeoutException.builder()
                        .message("call timed out")
                        .build()));
        assertEquals(
                new Outcome(OpType.INFO, "timeout"),
                OutcomeClassifier.classify(ApiCallAttemptTimeoutException.builder()
                        .message("attempt")
                        .build()));
        assertEquals(
                new Outcome(OpType.INFO, "timeout"),
                OutcomeClassifier.classify(SdkClientException.builder()
                        .cause(new SocketTimeoutException("Read timed out"))
                        .build()));
        assertEquals(
                new Outcome(OpType.INFO, "client-error: SdkClientException"),
                OutcomeClassifier.classify(
                        SdkClientException.builder().message("no cause").build()));
        assertEquals(
                new Outcome(OpType.INFO, "client-error: SocketException"),
                OutcomeClassifier.classify(SdkClientException.builder()
                        .cause(new java.net.SocketException("Connection reset"))
                        .build()));
        assertEquals(
                new Outcome(OpType.INFO, "IllegalStateException"),
                OutcomeClassifier.classify(new IllegalStateException("bug")));
    }

    @Test
    void refusedConnectionWasNeverSent() {
        var refused = SdkClientException.builder()
                .cause(new ConnectException("Connection refused"))
                .build();
        assertEquals(new Outcome(OpType.FAIL, "connection-refused"), OutcomeClassifier.classify(refused));
        var refusedOnRetry = SdkClientException.builder()
                .numAttempts(3)
                .cause(new ConnectException("Connection refused"))
                .build();
        assertEquals(OpType.INFO, OutcomeClassifier.classify(refusedOnRetry).type());
        assertEquals(
                OpType.FAIL,
                OutcomeClassifier.classify(new UncheckedIOException(new ConnectException("refused")))
                        .type());
    }

    @Test
    void anOutcomeJudgedByAnotherSystemsClientIsTakenAsItIs() {
        // A timeout would be info; the client knows this one was refused before it was applied.
        var refused = new ClassifiedCallException(
                new Outcome(OpType.FAIL, "compare-failed"), new SocketTimeoutException("read timed out"));
        assertEquals(new Outcome(OpType.FAIL, "compare-failed"), OutcomeClassifier.classify(refused));
    }
}
