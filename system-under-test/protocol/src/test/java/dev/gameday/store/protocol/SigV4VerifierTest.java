package dev.gameday.store.protocol;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Requests signed by the AWS SDK's own AwsV4HttpSigner, verified by ours; tampering gives the right error. */
class SigV4VerifierTest {
    private static final Instant NOW = Instant.parse("2026-11-27T03:30:00Z");
    private static final String AK = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final byte[] BODY = "{\"TableName\":\"t\"}".getBytes(StandardCharsets.UTF_8);

    private final SigV4Verifier verifier =
            new SigV4Verifier(Map.of(AK, SECRET), "us-east-1", "dynamodb", Clock.fixed(NOW, ZoneOffset.UTC));

    private static SdkHttpRequest request(String uri) {
        return SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create(uri))
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "DynamoDB_20120810.DescribeTable")
                .putHeader("X-Custom", "  spaced    value  ")
                .build();
    }

    private static SdkHttpRequest sign(
            SdkHttpRequest request, byte[] body, String ak, String secret, String region, Instant at) {
        return AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(ak, secret))
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request();
    }

    private static SdkHttpRequest signed(SdkHttpRequest request) {
        return sign(request, BODY, AK, SECRET, "us-east-1", NOW);
    }

    private void verify(SdkHttpRequest request, byte[] body) {
        verifier.verify(
                request.method().name(),
                request.encodedPath(),
                request.encodedQueryParameters().orElse(null),
                request.headers(),
                body);
    }

    private DynamoException rejected(SdkHttpRequest request, byte[] body) {
        return assertThrows(DynamoException.class, () -> verify(request, body));
    }

    @Test
    void acceptsTheSdksSignature() {
        assertDoesNotThrow(() -> verify(signed(request("http://127.0.0.1:8000/")), BODY));
        SdkHttpRequest withPathAndQuery =
                request("http://127.0.0.1:8000/a%20b/./c/../d~e%2Ff?z=1&b=two%20words&a=%2A&a=0");
        assertDoesNotThrow(() -> verify(signed(withPathAndQuery), BODY));
        assertDoesNotThrow(() ->
                verify(sign(request("http://localhost/"), new byte[0], AK, SECRET, "us-east-1", NOW), new byte[0]));
    }

    @Test
    void unsignedHeadersMayChangeButSignedOnesMayNot() {
        SdkHttpRequest good = signed(request("http://127.0.0.1:8000/"));
        assertTrue(good.firstMatchingHeader("Authorization").orElseThrow().contains("x-amz-target"));
        assertDoesNotThrow(() ->
                verify(good.toBuilder().putHeader("User-Agent", "added-later").build(), BODY));

        DynamoException target = rejected(
                good.toBuilder()
                        .putHeader("X-Amz-Target", "DynamoDB_20120810.DeleteTable")
                        .build(),
                BODY);
        assertEquals(DynamoError.InvalidSignatureException, target.error());
        assertTrue(target.getMessage().startsWith("The request signature we calculated does not match"));
    }

    @Test
    void tamperedBodyIsRejected() {
        SdkHttpRequest good = signed(request("http://127.0.0.1:8000/"));
        DynamoException e = rejected(good, "{\"TableName\":\"u\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(DynamoError.InvalidSignatureException, e.error());
    }

    @Test
    void staleOrFutureDatesAreRejected() {
        DynamoException old = rejected(
                sign(request("http://h/"), BODY, AK, SECRET, "us-east-1", NOW.minus(Duration.ofMinutes(16))), BODY);
        assertEquals(DynamoError.InvalidSignatureException, old.error());
        assertTrue(old.getMessage().startsWith("Signature expired"), old.getMessage());
        DynamoException future = rejected(
                sign(request("http://h/"), BODY, AK, SECRET, "us-east-1", NOW.plus(Duration.ofMinutes(16))), BODY);
        assertTrue(future.getMessage().startsWith("Signature not yet current"), future.getMessage());
        assertDoesNotThrow(() -> verify(
                sign(request("http://h/"), BODY, AK, SECRET, "us-east-1", NOW.minus(Duration.ofMinutes(14))), BODY));

        SdkHttpRequest good = signed(request("http://h/"));
        DynamoException redated = rejected(
                good.toBuilder().putHeader("X-Amz-Date", "20261127T033100Z").build(), BODY);
        assertEquals(DynamoError.InvalidSignatureException, redated.error());
    }

    @Test
    void credentialsAndScopeAreChecked() {
        DynamoException unknown =
                rejected(sign(request("http://h/"), BODY, "AKIDOTHER", SECRET, "us-east-1", NOW), BODY);
        assertEquals(DynamoError.UnrecognizedClientException, unknown.error());
        assertEquals("The security token included in the request is invalid.", unknown.getMessage());

        DynamoException wrongSecret = rejected(sign(request("http://h/"), BODY, AK, "nope", "us-east-1", NOW), BODY);
        assertEquals(DynamoError.InvalidSignatureException, wrongSecret.error());

        DynamoException region = rejected(sign(request("http://h/"), BODY, AK, SECRET, "eu-west-1", NOW), BODY);
        assertEquals(DynamoError.InvalidSignatureException, region.error());
        assertTrue(region.getMessage().contains("scoped to a valid region"), region.getMessage());

        DynamoException missing = rejected(request("http://h/"), BODY);
        assertEquals(DynamoError.MissingAuthenticationTokenException, missing.error());
        assertEquals("Request is missing Authentication Token", missing.getMessage());

        DynamoException garbage = assertThrows(
                DynamoException.class,
                () -> verifier.verify("POST", "/", null, Map.of("Authorization", List.of("Basic Zm9vOmJhcg==")), BODY));
        assertEquals(DynamoError.InvalidSignatureException, garbage.error());
    }
}
