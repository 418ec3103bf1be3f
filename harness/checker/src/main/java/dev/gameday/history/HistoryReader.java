package dev.gameday.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a history file in either of two formats, told apart by the first non-blank line:
 * <ul>
 *   <li>EDN: one Jepsen-style op map per line ({@code {:index 7, :process 3, :type :invoke, ...}});
 *       every non-blank line must be an op map.</li>
 *   <li>Jepsen log: lines from {@code jepsen.util} are ops (see {@link EtcdLogParser}); all other
 *       lines are log noise and are skipped. A log without a single op line is an error.</li>
 * </ul>
 * Nothing is silently dropped: a bad or truncated op line raises {@link HistoryFormatException}
 * naming its line number.
 */
public final class HistoryReader {
    private HistoryReader() {}

    public static List<Op> read(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader);
        }
    }

    /** Reads a history held in a string, e.g. one built by a test. */
    public static List<Op> parse(String history) throws HistoryFormatException {
        try {
            return read(new BufferedReader(new StringReader(history)));
        } catch (HistoryFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    private static List<Op> read(BufferedReader reader) throws IOException {
        List<Op> ops = new ArrayList<>();
        Boolean edn = null;
        long lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (edn == null) {
                edn = trimmed.startsWith("{");
            }
            if (edn) {
                ops.add(EdnOpParser.parse(trimmed, lineNumber, ops.size()));
            } else if (EtcdLogParser.isOpLine(line)) {
                ops.add(EtcdLogParser.parse(line, lineNumber, ops.size()));
            }
        }
        if (Boolean.FALSE.equals(edn) && ops.isEmpty()) {
            throw new HistoryFormatException(
                    1,
                    "neither EDN op maps (first line does not start with '{') "
                            + "nor a Jepsen log (no 'jepsen.util' op lines)");
        }
        return List.copyOf(ops);
    }
}
