package dev.gameday.history;

/** Malformed EDN text; {@code column} is 1-based within the parsed text. */
final class EdnSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    EdnSyntaxException(int column, String message) {
        super("column " + column + ": " + message);
    }
}
