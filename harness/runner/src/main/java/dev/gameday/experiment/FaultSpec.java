package dev.gameday.experiment;

import java.time.Duration;

/**
 * One fault of a phase: starts {@code at} after the phase starts and lasts {@code duration}. The
 * detail field that matches the type is set: {@code partition}, {@code link} or {@code corrupt}.
 */
public record FaultSpec(FaultType type, TargetSpec target, Duration at, Duration duration,
                        PartitionSpec partition, LinkSpec link, CorruptionSpec corrupt) {

    FaultSpec scaled(TimeScale scale) {
        return new FaultSpec(type, target, scale(scale, at), scale(scale, duration), partition, link, corrupt);
    }

    static Duration scale(TimeScale scale, Duration d) {
        return d == null ? null : scale.apply(d);
    }

    /** What the fault does, for logs: "partition isolate", "corrupt flip-bits in item-files (live)". */
    public String what() {
        return type.fault().what(this);
    }
}
