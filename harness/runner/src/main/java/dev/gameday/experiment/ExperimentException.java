package dev.gameday.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An experiment file that cannot be run: every problem names the file, the line and the field. The
 * command line maps it to exit code 2 (bad input) before anything is started.
 */
public final class ExperimentException extends Exception {
    private final transient List<Problem> problems;

    /** One thing wrong with the file. {@code field} is a dotted path like {@code schedule[0].faults[1].at}. */
    public record Problem(Path file, int line, String field, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + (field.isEmpty() ? "" : "field " + field + ": ") + message;
        }
    }

    public ExperimentException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an ExperimentException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** {@code /schedule/0/faults/1/at} as people read it: {@code schedule[0].faults[1].at}. */
    public static String fieldOf(String pointer) {
        StringBuilder field = new StringBuilder();
        for (String segment : pointer.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.chars().allMatch(Character::isDigit)) {
                field.append('[').append(segment).append(']');
            } else {
                field.append(field.length() == 0 ? "" : ".")
                        .append(segment.replace("~1", "/").replace("~0", "~"));
            }
        }
        return field.toString();
    }
}
