package dev.gameday.experiment;

import java.time.Duration;

/**
 * The steady state the experiment expects to hold: in every availability window outside fault
 * windows, each AZ's success ratio is at least {@code successRatio}; and after each fault ends,
 * every AZ is back at that ratio within {@code recovery}.
 */
public record Hypothesis(Double successRatio, Duration recovery) {

    Hypothesis scaled(TimeScale scale) {
        return new Hypothesis(successRatio, FaultSpec.scale(scale, recovery));
    }
}
