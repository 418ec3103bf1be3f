package dev.gameday.history;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes the Java view of EDN values (see {@link Op}) as EDN text that the history reader reads back. */
public final class EdnWriter {
    private EdnWriter() {}

    /** The EDN text of a value, e.g. {@code [0 4]}, {@code nil}, {@code "x 0 0 y"}. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.toString();
    }

    static void append(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("nil");
        } else if (value instanceof String s) {
            appendString(sb, s);
        } else if (value instanceof Long
                || value instanceof Integer
                || value instanceof Boolean
                || value instanceof Double
                || value instanceof Keyword) {
            sb.append(value);
        } else if (value instanceof List<?> list) {
            appendAll(sb, "[", list, "]");
        } else if (value instanceof Set<?> set) {
            appendAll(sb, "#{", set, "}");
        } else if (value instanceof Map<?, ?> map) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
            while (entries.hasNext()) {
                Map.Entry<?, ?> entry = entries.next();
                append(sb, entry.getKey());
                sb.append(' ');
                append(sb, entry.getValue());
                if (entries.hasNext()) {
                    sb.append(", ");
                }
            }
            sb.append('}');
        } else {
            throw new IllegalArgumentException(
                    "not an EDN value: " + value.getClass().getName());
        }
    }

    private static void appendAll(StringBuilder sb, String open, Collection<?> values, String close) {
        sb.append(open);
        boolean first = true;
        for (Object value : values) {
            if (!first) {
                sb.append(' ');
            }
            append(sb, value);
            first = false;
        }
        sb.append(close);
    }

    private static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
