package dev.gameday.experiment;

import java.time.Duration;

/**
 * How availability is measured: per AZ and endpoint, per {@code window} (DynamoDB uses 5 minutes;
 * CI runs use seconds). An alarm fires, as a customer-facing alarm would, when the error ratio is
 * above {@code alarmErrorRatio} in {@code alarmWindows} consecutive windows.
 */
public record AvailabilitySpec(Duration window, Double alarmErrorRatio, Integer alarmWindows) {
    public static final AvailabilitySpec DEFAULT = new AvailabilitySpec(Duration.ofMinutes(5), 0.01, 2);

    /** Fields left out of the file take the defaults: 5m windows, alarm above 1% errors in 2 windows. */
    public AvailabilitySpec {
        window = window == null ? Duration.ofMinutes(5) : window;
        alarmErrorRatio = alarmErrorRatio == null ? 0.01 : alarmErrorRatio;
        alarmWindows = alarmWindows == null ? 2 : alarmWindows;
    }

    AvailabilitySpec scaled(TimeScale scale) {
        return new AvailabilitySpec(FaultSpec.scale(scale, window), alarmErrorRatio, alarmWindows);
    }
}
