package dev.gameday.checker;

/** A history that reads fine but makes no sense to a checker, e.g. a completion with no invocation. */
public class InvalidHistoryException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidHistoryException(String message) {
        super(message);
    }
}
