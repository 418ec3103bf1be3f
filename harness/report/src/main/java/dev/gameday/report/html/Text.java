package dev.gameday.report.html;

/** Values as the page shows them: canary items are up to a kilobyte, which no table cell or bar label needs. */
final class Text {
    static final int MAX_VALUE_CHARS = 48;

    private Text() {}

    static String shorten(String value) {
        if (value == null || value.length() <= MAX_VALUE_CHARS) {
            return value;
        }
        return value.substring(0, MAX_VALUE_CHARS - 8) + "… (" + value.length() + " chars)";
    }
}
