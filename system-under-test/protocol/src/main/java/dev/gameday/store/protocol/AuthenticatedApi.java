package dev.gameday.store.protocol;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request in, one response out: SigV4 verification, then {@link DynamoApi}. What a request router
 * does between reading a request and writing the response; the caller only does the socket work and sets
 * {@code Content-Type: }{@link ApiResponse#CONTENT_TYPE}.
 */
public final class AuthenticatedApi {
    private final SigV4Verifier verifier;
    private final DynamoApi api;

    public AuthenticatedApi(SigV4Verifier verifier, DynamoApi api) {
        this.verifier = verifier;
        this.api = api;
    }

    /**
     * @param rawPath the path as received (still percent-encoded)
     * @param rawQuery the query as received, or null
     * @param headers header names in any case
     */
    public ApiResponse handle(
            String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        try {
            verifier.verify(method, rawPath, rawQuery, headers, body);
        } catch (DynamoException e) {
            return DynamoApi.error(e);
        }
        return api.handle(header(headers, "X-Amz-Target"), body);
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
