package dev.gameday.store.protocol.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SigV4's canonical request: method, canonical URI, canonical query, canonical headers, signed header
 * names and payload hash, one per line. Follows the AWS rules for services other than S3: the path is
 * normalised (dot segments removed) and URI-encoded once more; query parameters are decoded, re-encoded
 * with RFC 3986 unreserved characters and sorted; header values are trimmed, inner whitespace collapsed,
 * repeated headers joined with commas.
 */
public final class CanonicalRequest {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private CanonicalRequest() {}

    /**
     * @param headers lower-case header name to its values, as received
     * @param signedHeaders lower-case names in the order of the SignedHeaders list (sorted by the signer)
     */
    public static String build(
            String method,
            String rawPath,
            String rawQuery,
            Map<String, List<String>> headers,
            List<String> signedHeaders,
            String payloadHash) {
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders) {
            List<String> values = headers.getOrDefault(name, List.of());
            List<String> normalized = new ArrayList<>();
            values.forEach(v -> normalized.add(WHITESPACE.matcher(v.trim()).replaceAll(" ")));
            canonicalHeaders
                    .append(name)
                    .append(':')
                    .append(String.join(",", normalized))
                    .append('\n');
        }
        return method
                + '\n'
                + canonicalUri(rawPath)
                + '\n'
                + canonicalQuery(rawQuery)
                + '\n'
                + canonicalHeaders
                + '\n'
                + String.join(";", signedHeaders)
                + '\n'
                + payloadHash;
    }

    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : rawPath.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(uriEncode(segment));
            }
        }
        String path = "/" + String.join("/", segments);
        return rawPath.endsWith("/") && !segments.isEmpty() ? path + "/" : path;
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String parameter : rawQuery.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int eq = parameter.indexOf('=');
            String name = eq < 0 ? parameter : parameter.substring(0, eq);
            String value = eq < 0 ? "" : parameter.substring(eq + 1);
            pairs.add(new String[] {uriEncode(percentDecode(name)), uriEncode(percentDecode(value))});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        List<String> joined = new ArrayList<>();
        pairs.forEach(p -> joined.add(p[0] + "=" + p[1]));
        return String.join("&", joined);
    }

    /** RFC 3986 encoding: everything except A-Z a-z 0-9 - _ . ~ becomes %XX (upper-case hex). */
    static String uriEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                out.append(c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return out.toString();
    }

    /** Decodes %XX only; '+' stays '+' (SigV4 clients encode spaces as %20). */
    static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi * 16 + lo);
                    i += 2;
                    continue;
                }
            }
            out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
