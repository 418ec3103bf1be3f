package dev.gameday.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * Aborts the run early (healing all faults) when the canary success ratio of any AZ stays below
 * {@code successRatioBelow} for {@code for} (at least that long) at a stretch: a game day must not keep hurting a system
 * that is already down.
 */
public record StopCondition(
        Double successRatioBelow, @JsonProperty("for") Duration forAtLeast) {

    StopCondition scaled(TimeScale scale) {
        return new StopCondition(successRatioBelow, FaultSpec.scale(scale, forAtLeast));
    }
}
