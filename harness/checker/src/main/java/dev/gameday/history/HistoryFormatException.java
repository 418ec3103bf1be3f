package dev.gameday.history;

import java.io.IOException;

/** A history file that cannot be read: names the 1-based line and what is wrong with it. */
public class HistoryFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long line;

    public HistoryFormatException(long line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    /** The 1-based line number of the offending line. */
    public long line() {
        return line;
    }
}
