package dev.gameday.experiment;

import java.time.Duration;

/** One fault of a phase: starts {@code at} after the phase starts and lasts {@code duration}. */
public record FaultSpec(FaultType type, TargetSpec target, Duration at, Duration duration) {

    FaultSpec scaled(TimeScale scale) {
        return new FaultSpec(type, target, scale(scale, at), scale(scale, duration));
    }

    static Duration scale(TimeScale scale, Duration d) {
        return d == null ? null : scale.apply(d);
    }
}
