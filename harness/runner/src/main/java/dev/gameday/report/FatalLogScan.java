package dev.gameday.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Looks through the containers' logs of a run for signs that a process died of something other than
 * the nemesis: a JVM crash, an OutOfMemoryError, an uncaught exception that ends a thread, Ratis
 * terminating the process, a FATAL log line. ERROR lines alone are not fatal: a store under faults
 * logs errors it recovers from (and scrub logs the corruption it finds).
 */
public final class FatalLogScan {
    /** At most this many lines are reported; the count says how many there were. */
    static final int MAX_LINES = 20;

    private static final Pattern FATAL =
            Pattern.compile("java\\.lang\\.OutOfMemoryError|A fatal error has been detected by the Java Runtime"
                    + "|Exception in thread \"|Terminating with exit status|\\bFATAL\\b");

    private FatalLogScan() {}

    /**
     * @param logs the containers' log files
     * @return one entry per fatal line, {@code file:line: text}, the first {@value #MAX_LINES}
     */
    public static List<String> scan(List<Path> logs) {
        List<String> found = new ArrayList<>();
        int total = 0;
        for (Path log : logs) {
            List<String> lines;
            try {
                lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read container log " + log, e);
            }
            for (int i = 0; i < lines.size(); i++) {
                if (FATAL.matcher(lines.get(i)).find()) {
                    total++;
                    if (found.size() < MAX_LINES) {
                        found.add(log.getFileName() + ":" + (i + 1) + ": "
                                + lines.get(i).strip());
                    }
                }
            }
        }
        if (total > found.size()) {
            found.add("... " + (total - found.size()) + " more");
        }
        return found;
    }

    /** The container logs of a run directory: every {@code *.log} but the nemesis's own. */
    public static List<Path> containerLogs(Path runDir) {
        try (Stream<Path> files = Files.list(runDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log"))
                    .filter(f -> !f.getFileName().toString().equals("nemesis.log"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runDir, e);
        }
    }
}
