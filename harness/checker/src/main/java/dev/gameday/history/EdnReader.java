package dev.gameday.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the part of EDN that histories use: nil, booleans, integers, decimals, strings, keywords,
 * vectors and lists (both become {@link List}), maps and sets. Commas are whitespace.
 *
 * <p>Hand-written rather than a library because histories are read a line at a time and every
 * error must name its column, and the EDN Java libraries are no longer maintained. Symbols, tagged
 * literals and characters are rejected: no history we read contains them.
 */
final class EdnReader {
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

    private final String text;
    private int pos;

    private EdnReader(String text) {
        this.text = text;
    }

    /** Parses exactly one EDN value from {@code text}; anything after it but whitespace is an error. */
    static Object parse(String text) throws EdnSyntaxException {
        EdnReader reader = new EdnReader(text);
        Object value = reader.readValue();
        reader.skipWhitespace();
        if (reader.pos < text.length()) {
            char c = text.charAt(reader.pos);
            throw reader.error(
                    "}])".indexOf(c) >= 0
                            ? "unbalanced '" + c + "'"
                            : "unexpected text after the value: '" + reader.rest() + "'");
        }
        return value;
    }

    /** A value read from the start of a text, and where in the text it ended. */
    record Prefix(Object value, int end) {}

    /**
     * Parses one EDN value from the start of {@code text} and stops right after it, leaving the rest
     * (e.g. the error message Jepsen logs after an :info op's value) to the caller.
     */
    static Prefix parsePrefix(String text) throws EdnSyntaxException {
        EdnReader reader = new EdnReader(text);
        Object value = reader.readValue();
        return new Prefix(value, reader.pos);
    }

    private Object readValue() throws EdnSyntaxException {
        skipWhitespace();
        if (pos >= text.length()) {
            throw error("unexpected end of input (truncated line?)");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> readMap();
            case '[' -> readSequence('[', ']');
            case '(' -> readSequence('(', ')');
            case '#' -> readSet();
            case '"' -> readString();
            case ':' -> readKeyword();
            case '}', ']', ')' -> throw error("unbalanced '" + c + "'");
            default -> readAtom();
        };
    }

    private Map<Object, Object> readMap() throws EdnSyntaxException {
        int start = pos++;
        Map<Object, Object> map = new LinkedHashMap<>();
        while (true) {
            skipWhitespace();
            if (pos >= text.length()) {
                throw new EdnSyntaxException(start + 1, "map is not closed with '}' (truncated line?)");
            }
            if (text.charAt(pos) == '}') {
                pos++;
                return Collections.unmodifiableMap(map);
            }
            int keyColumn = pos + 1;
            Object key = readValue();
            skipWhitespace();
            if (pos >= text.length() || text.charAt(pos) == '}') {
                throw new EdnSyntaxException(keyColumn, "map key " + key + " has no value");
            }
            if (map.containsKey(key)) {
                throw new EdnSyntaxException(keyColumn, "duplicate map key " + key);
            }
            map.put(key, readValue());
        }
    }

    private List<Object> readSequence(char open, char close) throws EdnSyntaxException {
        return Collections.unmodifiableList(readElements("'" + open + "'", close));
    }

    private Set<Object> readSet() throws EdnSyntaxException {
        if (pos + 1 >= text.length() || text.charAt(pos + 1) != '{') {
            throw error("only sets (#{...}) are supported after '#'");
        }
        pos++;
        return Collections.unmodifiableSet(new LinkedHashSet<>(readElements("set", '}')));
    }

    /** Reads values from just after the opening delimiter at {@code pos} up to {@code close}. */
    private List<Object> readElements(String what, char close) throws EdnSyntaxException {
        int start = pos++;
        List<Object> list = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (pos >= text.length()) {
                throw new EdnSyntaxException(start + 1, what + " is not closed with '" + close + "' (truncated line?)");
            }
            if (text.charAt(pos) == close) {
                pos++;
                return list;
            }
            list.add(readValue());
        }
    }

    private String readString() throws EdnSyntaxException {
        int start = pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                break;
            }
            char escaped = text.charAt(pos++);
            switch (escaped) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case 'u' -> sb.append(readUnicodeEscape());
                default -> throw error("unknown string escape '\\" + escaped + "'");
            }
        }
        throw new EdnSyntaxException(start + 1, "string is not closed with '\"' (truncated line?)");
    }

    private char readUnicodeEscape() throws EdnSyntaxException {
        if (pos + 4 > text.length()) {
            throw error("incomplete \\u escape");
        }
        try {
            char c = (char) Integer.parseInt(text.substring(pos, pos + 4), 16);
            pos += 4;
            return c;
        } catch (NumberFormatException e) {
            throw error("bad \\u escape '" + text.substring(pos, pos + 4) + "'");
        }
    }

    private Keyword readKeyword() throws EdnSyntaxException {
        int start = ++pos;
        String name = readToken();
        if (name.isEmpty()) {
            throw new EdnSyntaxException(start, "empty keyword");
        }
        return new Keyword(name);
    }

    private Object readAtom() throws EdnSyntaxException {
        int column = pos + 1;
        String token = readToken();
        switch (token) {
            case "nil":
                return null;
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            default:
                break;
        }
        try {
            if (isPlainInteger(token)) {
                return Long.parseLong(token); // most atoms in a history: indexes, times, processes, values
            }
            if (INTEGER.matcher(token).matches()) {
                return Long.parseLong(token);
            }
            if (DECIMAL.matcher(token).matches()) {
                return Double.parseDouble(token);
            }
        } catch (NumberFormatException e) {
            throw new EdnSyntaxException(column, "number out of range: " + token);
        }
        throw new EdnSyntaxException(column, "unsupported EDN value '" + token + "'");
    }

    /** Digits with an optional minus sign, short enough to fit a long: the regex-free fast path. */
    private static boolean isPlainInteger(String token) {
        int start = token.startsWith("-") ? 1 : 0;
        if (token.length() == start || token.length() - start > 18) {
            return false;
        }
        for (int i = start; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Reads up to the next whitespace, comma or delimiter. */
    private String readToken() {
        int start = pos;
        while (pos < text.length() && !isDelimiter(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private static boolean isDelimiter(char c) {
        return Character.isWhitespace(c) || c == ',' || "{}[]()\"#;".indexOf(c) >= 0;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ';') {
                pos = text.length(); // comment to end of line
            } else if (Character.isWhitespace(c) || c == ',') {
                pos++;
            } else {
                return;
            }
        }
    }

    private String rest() {
        String rest = text.substring(pos);
        return rest.length() > 40 ? rest.substring(0, 40) + "..." : rest;
    }

    private EdnSyntaxException error(String message) {
        return new EdnSyntaxException(pos + 1, message);
    }
}
