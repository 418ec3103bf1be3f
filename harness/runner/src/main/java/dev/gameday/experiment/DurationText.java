package dev.gameday.experiment;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in experiment files: numbers with units, e.g. {@code 500ms},
 * {@code 30s}, {@code 1.5m}, {@code 1m30s}, {@code 2h}. A unit is required so that {@code 30} is
 * never guessed.
 */
public final class DurationText {
    private static final Pattern FORMAT = Pattern.compile("-?(?:[0-9]+(?:\\.[0-9]+)?(?:ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

    private DurationText() {}

    /** Parses a non-negative duration; the message of the exception says what is wrong. */
    public static Duration parse(String text) {
        String trimmed = text.trim();
        if (!FORMAT.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write numbers with units"
                    + " (ms, s, m or h), e.g. 500ms, 30s, 1m30s");
        }
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("duration '" + text + "' must not be negative");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher part = PART.matcher(trimmed);
        while (part.find()) {
            long nanosPerUnit = switch (part.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(nanosPerUnit)));
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /** Text that {@link #parse} reads back (to the millisecond), e.g. {@code 1m30s}, {@code 1.5s}; for logs and reports. */
    public static String format(Duration d) {
        long millis = d.toMillis();
        long minutes = millis / 60_000;
        long restMillis = millis % 60_000;
        String seconds = restMillis % 1000 == 0
                ? Long.toString(restMillis / 1000)
                : BigDecimal.valueOf(restMillis, 3).stripTrailingZeros().toPlainString();
        if (minutes == 0) {
            return seconds + "s";
        }
        return restMillis == 0 ? minutes + "m" : minutes + "m" + seconds + "s";
    }
}
