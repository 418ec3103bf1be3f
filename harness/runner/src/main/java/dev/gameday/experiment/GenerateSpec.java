package dev.gameday.experiment;

import java.time.Duration;
import java.util.Map;

/**
 * A phase whose faults are drawn from the experiment's seed instead of written out:
 * <pre>
 *   generate:
 *     faults: {power-off: 3, pause: 2, partition-isolate: 1}   # kinds (see GeneratedKinds) and weights
 *     duration: {min: 10s, max: 40s}                           # each fault's length
 *     gap: {min: 20s, max: 1m}                                 # from one fault's start to the next one's
 *     maxConcurrent: 1                                         # at most this many faults at once
 *     keepQuorum: true                                         # never a majority of a group down or cut off
 * </pre>
 * {@code dev.gameday.schedule.ScheduleGenerator} turns it into explicit faults before planning; the run directory's
 * plan.yaml holds them.
 */
public record GenerateSpec(
        Map<String, Integer> faults, Range duration, Range gap, Integer maxConcurrent, Boolean keepQuorum) {

    public GenerateSpec {
        maxConcurrent = maxConcurrent == null ? 1 : maxConcurrent;
        keepQuorum = keepQuorum == null ? Boolean.TRUE : keepQuorum;
    }

    /** A duration drawn uniformly between {@code min} and {@code max}, both included. */
    public record Range(Duration min, Duration max) {}

    GenerateSpec scaled(TimeScale scale) {
        return new GenerateSpec(faults, scale(scale, duration), scale(scale, gap), maxConcurrent, keepQuorum);
    }

    private static Range scale(TimeScale scale, Range r) {
        return r == null ? null : new Range(FaultSpec.scale(scale, r.min()), FaultSpec.scale(scale, r.max()));
    }
}
