package dev.gameday.history;

import java.util.Map;

/**
 * Reads the op lines of a Jepsen log. Jepsen's {@code jepsen.util} logger writes one line per op:
 * process, type, function and value, then for some completions an error message. The fields are
 * usually tab-separated, but logs run through other layouts use runs of spaces, and the line may
 * start with a timestamp and a thread name. All of these are op lines:
 * <pre>
 * INFO  jepsen.util - 3	:invoke	:cas	[0 4]
 * INFO  jepsen.util - 1   :invoke :write  3
 * 2017-04-01 12:00:00,123{GMT}	INFO	[jepsen worker 3] jepsen.util: 3	:info	:cas	[0, 4]	indeterminate: timed out
 * </pre>
 * A value is one EDN value ({@code nil}, a number, {@code [from to]} with or without commas, a
 * keyword, ...). Text after the value of a {@code :fail} or {@code :info} completion is the error
 * Jepsen logged with it and is kept in {@code extra} under {@code "error"}. The nemesis logs free
 * text as its value; that text is kept as a string. Such logs carry no times and no keys: the ops
 * form a single-register history, indexed in file order.
 */
final class EtcdLogParser {
    private static final String LOGGER = "jepsen.util";
    private static final String NEMESIS = ":nemesis";
    private static final String ERROR_KEY = "error";

    // Hand-written rather than regular expressions: a history is read once, mostly before the JIT
    // has compiled anything, and the interpreter runs regexes slowly.

    private EtcdLogParser() {}

    static boolean isOpLine(String line) {
        int fields = fieldsStart(line);
        if (fields < 0) {
            return false;
        }
        int end = tokenEnd(line, fields);
        String process = line.substring(fields, end);
        return process.equals(NEMESIS) || isDigits(process);
    }

    /**
     * Where the op's fields start: after the logger name {@code jepsen.util} and its separator
     * ({@code " - "} in the log4j layout, {@code ": "} in others) and the blanks after it; -1 if the
     * line is not from that logger.
     */
    private static int fieldsStart(String line) {
        int at = line.indexOf(LOGGER);
        if (at < 0 || (at > 0 && !isBlank(line.charAt(at - 1)))) {
            return -1;
        }
        int pos = at + LOGGER.length();
        if (pos < line.length() && line.charAt(pos) == ':') {
            pos++;
        } else {
            int dash = skipBlanks(line, pos);
            if (dash == pos || dash >= line.length() || line.charAt(dash) != '-') {
                return -1;
            }
            pos = dash + 1;
        }
        int fields = skipBlanks(line, pos);
        return fields == pos ? -1 : fields;
    }

    static Op parse(String line, long lineNumber, long ordinal) throws HistoryFormatException {
        int pos = fieldsStart(line);
        if (pos < 0) {
            throw new IllegalArgumentException("not an op line: " + line);
        }
        String[] tokens = new String[3];
        for (int i = 0; i < 3; i++) {
            int end = tokenEnd(line, pos);
            tokens[i] = line.substring(pos, end);
            pos = skipBlanks(line, end);
            boolean keywordExpected = i > 0;
            if (tokens[i].isEmpty() || (keywordExpected && (tokens[i].length() < 2 || tokens[i].charAt(0) != ':'))) {
                throw new HistoryFormatException(
                        lineNumber,
                        "malformed jepsen.util op line, expected 'PROCESS :TYPE :F VALUE' (tabs or spaces between): "
                                + line);
            }
        }
        boolean nemesis = tokens[0].equals(NEMESIS);
        if (!nemesis && !isDigits(tokens[0])) {
            throw new HistoryFormatException(
                    lineNumber,
                    "malformed jepsen.util op line, expected 'PROCESS :TYPE :F VALUE' (tabs or spaces between): "
                            + line);
        }
        long process = nemesis ? Op.NEMESIS : parseProcess(tokens[0], lineNumber);
        OpType type = OpType.fromEdnName(tokens[1].substring(1));
        if (type == null) {
            throw new HistoryFormatException(
                    lineNumber, "unknown type " + tokens[1] + " (expected :invoke, :ok, :fail or :info)");
        }
        String f = tokens[2].substring(1);
        String valueText = line.substring(pos).strip();
        if (valueText.isEmpty()) {
            return new Op(ordinal, Op.NO_TIME, process, type, f, null, null);
        }
        if (nemesis) {
            // The nemesis logs what it did in prose ("Cut off {:n1 #{:n2}}"); nothing checks it.
            return new Op(ordinal, Op.NO_TIME, process, type, f, null, parseOrKeepText(valueText));
        }
        EdnReader.Prefix value;
        try {
            value = EdnReader.parsePrefix(valueText);
        } catch (EdnSyntaxException e) {
            throw new HistoryFormatException(lineNumber, "malformed op value, " + e.getMessage());
        }
        String after = valueText.substring(value.end()).strip();
        if (after.isEmpty()) {
            return new Op(ordinal, Op.NO_TIME, process, type, f, null, value.value());
        }
        if (type == OpType.INVOKE || type == OpType.OK) {
            // Only failed and indeterminate completions carry an error; text here means a broken value.
            throw new HistoryFormatException(
                    lineNumber, "malformed op value, unexpected text after the value: '" + after + "'");
        }
        return new Op(
                ordinal, Op.NO_TIME, process, type, f, null, value.value(), Map.of(ERROR_KEY, parseOrKeepText(after)));
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static int skipBlanks(String line, int pos) {
        while (pos < line.length() && isBlank(line.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private static int tokenEnd(String line, int pos) {
        while (pos < line.length() && !Character.isWhitespace(line.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private static boolean isDigits(String token) {
        if (token.isEmpty()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static long parseProcess(String digits, long lineNumber) throws HistoryFormatException {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new HistoryFormatException(lineNumber, "process number out of range: " + digits);
        }
    }

    /** The EDN value if the text is exactly one (e.g. {@code :timed-out}), else the text itself. */
    private static Object parseOrKeepText(String text) {
        try {
            return EdnReader.parse(text);
        } catch (EdnSyntaxException e) {
            return text;
        }
    }
}
