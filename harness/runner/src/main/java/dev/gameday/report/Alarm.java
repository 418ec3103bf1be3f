package dev.gameday.report;

import java.time.Duration;

/**
 * A customer-facing alarm: the error ratio of a series was above the threshold in enough consecutive
 * windows. {@code raisedAt} is the end of the window that completed the streak (when a real alarm
 * would fire); {@code clearedAt} the end of the first window back under the threshold (when a real alarm
 * returns to OK), or null if it never cleared.
 */
public record Alarm(
        String az,
        String endpoint,
        Duration breachStart,
        Duration raisedAt,
        Duration clearedAt,
        int breachingWindows,
        double worstErrorRatio) {}
