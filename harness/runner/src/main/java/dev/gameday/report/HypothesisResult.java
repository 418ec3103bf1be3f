package dev.gameday.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;

/**
 * The steady-state hypothesis, judged.
 *
 * @param held       no violation
 * @param violations one line each, naming AZ, window and ratio
 * @param recoveries per fault and AZ: how long after healing the AZ was back at the success ratio
 * @param latencyRecoveries per fault and AZ: how long after healing its calls were back at their steady p99
 *     (reported, not judged)
 */
public record HypothesisResult(
        boolean held,
        List<String> violations,
        List<Recovery> recoveries,
        // Left out when empty (no calm start to compare with): results.json of such runs reads as it always did.
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LatencyRecovery> latencyRecoveries) {

    /**
     * {@code took} is null when the AZ never got back to the ratio before the data ended. {@code healedAt}
     * and {@code took} are those of the fault's chain, which ends with fault {@code judgedWith}
     * (the fault itself when it stands alone).
     */
    public record Recovery(
            int faultId, String az, Duration healedAt, Duration took, boolean withinLimit, int judgedWith) {}
}
