package dev.gameday.history;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the op lines of a Jepsen log, e.g. {@code INFO  jepsen.util - 3	:invoke	:cas	[0 4]}: process,
 * type, function and value separated by tabs. Such logs carry no times and no keys: the ops form a
 * single-register history, indexed in file order.
 */
final class EtcdLogParser {
    /** Marks a line that Jepsen's util logger wrote for an op; every other log line is noise. */
    private static final Pattern OP_LINE_PREFIX = Pattern.compile("^\\S+\\s+jepsen\\.util\\s+-\\s+");
    private static final Pattern OP_FIELDS = Pattern.compile("^(\\d+|:nemesis)\t:(\\S+)\t:(\\S+)(?:\t(.*))?$");

    private EtcdLogParser() {
    }

    static boolean isOpLine(String line) {
        return OP_LINE_PREFIX.matcher(line).find();
    }

    static Op parse(String line, long lineNumber, long ordinal) throws HistoryFormatException {
        Matcher prefix = OP_LINE_PREFIX.matcher(line);
        if (!prefix.find()) {
            throw new IllegalArgumentException("not an op line: " + line);
        }
        Matcher fields = OP_FIELDS.matcher(line.substring(prefix.end()));
        if (!fields.matches()) {
            throw new HistoryFormatException(lineNumber,
                    "malformed jepsen.util op line, expected 'PROCESS<TAB>:TYPE<TAB>:F<TAB>VALUE': " + line);
        }
        long process = fields.group(1).equals(":nemesis") ? Op.NEMESIS : Long.parseLong(fields.group(1));
        OpType type = OpType.fromEdnName(fields.group(2));
        if (type == null) {
            throw new HistoryFormatException(lineNumber, "unknown type :" + fields.group(2) + " (expected :invoke, :ok, :fail or :info)");
        }
        Object value;
        try {
            value = fields.group(4) == null ? null : EdnReader.parse(fields.group(4));
        } catch (EdnSyntaxException e) {
            throw new HistoryFormatException(lineNumber, "malformed op value, " + e.getMessage());
        }
        return new Op(ordinal, Op.NO_TIME, process, type, fields.group(3), null, value);
    }
}
