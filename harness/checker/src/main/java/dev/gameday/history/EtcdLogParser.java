package dev.gameday.history;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /** The logger name Jepsen's op lines carry, then {@code " - "} (log4j layout) or {@code ": "}. */
    private static final Pattern OP_LINE_PREFIX = Pattern.compile("(?:^|\\s)jepsen\\.util(?:\\s+-|:)\\s+");
    /** An op line's fields start with the process: a number or :nemesis. Other jepsen.util lines are noise. */
    private static final Pattern STARTS_WITH_PROCESS = Pattern.compile("^(?:\\d+|:nemesis)(?:\\s|$)");
    /** Process, :type, :f, then the value and anything after it; fields apart by any run of blanks. */
    private static final Pattern OP_FIELDS = Pattern.compile("^(\\d+|:nemesis)[ \\t]+:(\\S+)[ \\t]+:(\\S+)(?:[ \\t]+(.*))?$");
    private static final String ERROR_KEY = "error";

    private EtcdLogParser() {
    }

    static boolean isOpLine(String line) {
        Matcher prefix = OP_LINE_PREFIX.matcher(line);
        return prefix.find() && STARTS_WITH_PROCESS.matcher(line).region(prefix.end(), line.length()).lookingAt();
    }

    static Op parse(String line, long lineNumber, long ordinal) throws HistoryFormatException {
        Matcher prefix = OP_LINE_PREFIX.matcher(line);
        if (!prefix.find()) {
            throw new IllegalArgumentException("not an op line: " + line);
        }
        Matcher fields = OP_FIELDS.matcher(line.substring(prefix.end()).strip());
        if (!fields.matches()) {
            throw new HistoryFormatException(lineNumber,
                    "malformed jepsen.util op line, expected 'PROCESS :TYPE :F VALUE' (tabs or spaces between): " + line);
        }
        boolean nemesis = fields.group(1).equals(":nemesis");
        long process = nemesis ? Op.NEMESIS : parseProcess(fields.group(1), lineNumber);
        OpType type = OpType.fromEdnName(fields.group(2));
        if (type == null) {
            throw new HistoryFormatException(lineNumber, "unknown type :" + fields.group(2) + " (expected :invoke, :ok, :fail or :info)");
        }
        String f = fields.group(3);
        String valueText = fields.group(4);
        if (valueText == null || valueText.isEmpty()) {
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
            throw new HistoryFormatException(lineNumber, "malformed op value, unexpected text after the value: '" + after + "'");
        }
        return new Op(ordinal, Op.NO_TIME, process, type, f, null, value.value(), Map.of(ERROR_KEY, parseOrKeepText(after)));
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
