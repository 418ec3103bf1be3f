package dev.gameday.experiment;

import java.time.Duration;

/**
 * Stretches or shrinks every duration of an experiment, so the same file serves a long game day and
 * a short CI run: with factor 0.1 a 10-minute phase lasts 1 minute, a fault at 30s fires at 3s and
 * the availability window of 5m becomes 30s. Rates (ops/s) are not scaled: the canary keeps its
 * pressure, it just runs for less time. Set on the command line or with the system property
 * {@value #PROPERTY}; the factor is reported in results.json so a result always says how it was run.
 */
public record TimeScale(double factor) {
    public static final String PROPERTY = "gameday.timeScale";
    public static final TimeScale REAL_TIME = new TimeScale(1.0);

    public TimeScale {
        if (!(factor > 0 && factor <= 100)) {
            throw new IllegalArgumentException("time scale must be greater than 0 and at most 100, was " + factor);
        }
    }

    /** The factor from {@value #PROPERTY}, or real time when it is not set. */
    public static TimeScale fromSystemProperty() {
        String text = System.getProperty(PROPERTY);
        if (text == null || text.isBlank()) {
            return REAL_TIME;
        }
        try {
            return new TimeScale(Double.parseDouble(text.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be a number such as 0.1, was '" + text + "'");
        }
    }

    public Duration apply(Duration d) {
        return factor == 1.0 ? d : Duration.ofNanos(Math.round(d.toNanos() * factor));
    }
}
