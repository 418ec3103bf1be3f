package dev.gameday.store.protocol;

import dev.gameday.store.protocol.auth.AuthorizationHeader;
import dev.gameday.store.protocol.auth.CanonicalRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SigV4 verification of an incoming request against configured credentials (access key to secret):
 * rebuilds the canonical request and string to sign, derives the signing key with the HMAC-SHA256 chain
 * (date, region, service, "aws4_request") and compares signatures in constant time. Checks the credential
 * scope, that {@code X-Amz-Date} is within 15 minutes of now, and hashes the body itself (an
 * {@code x-amz-content-sha256} header, if sent, must match it). Presigned query-string auth is not supported.
 */
public final class SigV4Verifier {
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature"
            + " you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for"
            + " details.";

    private final Map<String, String> secretsByAccessKey;
    private final String region;
    private final String service;
    private final Clock clock;

    public SigV4Verifier(Map<String, String> secretsByAccessKey, String region, String service) {
        this(secretsByAccessKey, region, service, Clock.systemUTC());
    }

    public SigV4Verifier(Map<String, String> secretsByAccessKey, String region, String service, Clock clock) {
        this.secretsByAccessKey = Map.copyOf(secretsByAccessKey);
        this.region = region;
        this.service = service;
        this.clock = clock;
    }

    /**
     * Throws DynamoException(MissingAuthenticationTokenException | UnrecognizedClientException |
     * InvalidSignatureException).
     */
    public void verify(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        Map<String, List<String>> lower = new TreeMap<>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
        String authorization = first(lower, "authorization");
        if (authorization == null) {
            throw new DynamoException(
                    DynamoError.MissingAuthenticationTokenException, "Request is missing Authentication Token");
        }
        AuthorizationHeader auth = AuthorizationHeader.parse(authorization);
        String secret = secretsByAccessKey.get(auth.accessKey());
        if (secret == null) {
            throw new DynamoException(
                    DynamoError.UnrecognizedClientException, "The security token included in the request is invalid.");
        }
        checkScope(auth);
        String amzDate = first(lower, "x-amz-date");
        if (amzDate == null) {
            throw invalid("Authorization header requires existence of a 'X-Amz-Date' header.");
        }
        checkDate(amzDate, auth);
        if (!auth.signedHeaders().contains("host")) {
            throw invalid("'Host' must be a signed header.");
        }
        String payloadHash = hex(sha256(body == null ? new byte[0] : body));
        String claimedHash = first(lower, "x-amz-content-sha256");
        if (claimedHash != null && !claimedHash.equals(payloadHash)) {
            throw invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        String canonical = CanonicalRequest.build(method, rawPath, rawQuery, lower, auth.signedHeaders(), payloadHash);
        String stringToSign = AuthorizationHeader.ALGORITHM + "\n" + amzDate + "\n" + auth.scope() + "\n"
                + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] expected = hmac(signingKey(secret, auth.scopeDate()), stringToSign);
        byte[] provided;
        try {
            provided = HexFormat.of().parseHex(auth.signature());
        } catch (IllegalArgumentException e) {
            throw invalid(SIGNATURE_MISMATCH);
        }
        if (!MessageDigest.isEqual(expected, provided)) {
            throw invalid(SIGNATURE_MISMATCH);
        }
    }

    private void checkScope(AuthorizationHeader auth) {
        if (!auth.scopeRegion().equals(region)) {
            throw invalid("Credential should be scoped to a valid region, not '" + auth.scopeRegion() + "'.");
        }
        if (!auth.scopeService().equals(service)) {
            throw invalid("Credential should be scoped to correct service: '" + service + "'.");
        }
        if (!auth.scopeTerminator().equals("aws4_request")) {
            throw invalid("Credential should be scoped with a valid terminator: 'aws4_request', not '"
                    + auth.scopeTerminator() + "'.");
        }
    }

    private void checkDate(String amzDate, AuthorizationHeader auth) {
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw invalid("X-Amz-Date must be in the ISO8601 basic format yyyyMMdd'T'HHmmss'Z', was '" + amzDate + "'");
        }
        if (!amzDate.startsWith(auth.scopeDate())) {
            throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + auth.scopeDate() + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw invalid("Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw invalid("Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " + 15 min.)");
        }
    }

    private byte[] signingKey(String secret, String date) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is available in every JDK", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is available in every JDK", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static DynamoException invalid(String message) {
        return new DynamoException(DynamoError.InvalidSignatureException, message);
    }
}
