package dev.gameday.store.protocol;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Raw HTTP requests to the test server, signed with the AWS SDK's own SigV4 signer (or not at all). */
final class SignedHttp {
    /** Headers java.net.http sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private SignedHttp() {}

    static SdkHttpRequest unsigned(URI endpoint, String target) {
        return SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", ApiResponse.CONTENT_TYPE)
                .putHeader("X-Amz-Target", target)
                .build();
    }

    static SdkHttpRequest sign(SdkHttpRequest request, byte[] body, String accessKey, String secretKey) {
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(accessKey, secretKey))
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, ProtocolServer.REGION));
        return signed.request();
    }

    /** Sends the request with the given body (which may differ from the signed one, to test tampering). */
    static HttpResponse<String> send(SdkHttpRequest request, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(request.getUri()).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (!RESTRICTED.contains(header.getKey().toLowerCase())) {
                header.getValue().forEach(v -> builder.header(header.getKey(), v));
            }
        }
        return HttpClient.newHttpClient()
                .send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> sendSigned(URI endpoint, String target, String body)
            throws IOException, InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(
                sign(unsigned(endpoint, target), bytes, ProtocolServer.ACCESS_KEY, ProtocolServer.SECRET_KEY), bytes);
    }
}
