package dev.gameday.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The verdict of a whole run and the command line's exit code for it. */
public enum RunVerdict {
    PASS(0),
    /** A checker found a violation, or the steady state did not hold. */
    FAIL(1),
    /** Nothing was found wrong, but something needed to be sure did not happen (a checker gave up, a fault did not run). */
    UNKNOWN(3);

    /** Exit code for bad input or environment: the experiment never ran, so there is no verdict. */
    public static final int BAD_INPUT_EXIT_CODE = 2;

    private final int exitCode;

    RunVerdict(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
