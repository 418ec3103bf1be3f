package dev.gameday.store.protocol.auth;

import dev.gameday.store.protocol.DynamoError;
import dev.gameday.store.protocol.DynamoException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code Authorization: AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/dynamodb/aws4_request,
 * SignedHeaders=host;x-amz-date, Signature=hex} header.
 */
public record AuthorizationHeader(
        String accessKey,
        String scopeDate,
        String scopeRegion,
        String scopeService,
        String scopeTerminator,
        List<String> signedHeaders,
        String signature) {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";

    public String scope() {
        return scopeDate + "/" + scopeRegion + "/" + scopeService + "/" + scopeTerminator;
    }

    public static AuthorizationHeader parse(String header) {
        String value = header.trim();
        if (!value.startsWith(ALGORITHM + " ")) {
            throw invalid("Only the " + ALGORITHM + " signing algorithm is supported");
        }
        Map<String, String> parts = new HashMap<>();
        for (String part : value.substring(ALGORITHM.length()).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String credential = parts.get("Credential");
        String signedHeaders = parts.get("SignedHeaders");
        String signature = parts.get("Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            throw invalid("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters");
        }
        String[] scope = credential.split("/", -1);
        if (scope.length != 5) {
            throw invalid("Credential should be of the form <AccessKey>/<Date>/<Region>/<Service>/aws4_request, was '"
                    + credential + "'");
        }
        return new AuthorizationHeader(
                scope[0], scope[1], scope[2], scope[3], scope[4], List.of(signedHeaders.split(";")), signature);
    }

    static DynamoException invalid(String message) {
        return new DynamoException(DynamoError.InvalidSignatureException, message);
    }
}
