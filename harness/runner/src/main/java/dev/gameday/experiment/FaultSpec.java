package dev.gameday.experiment;

import java.time.Duration;

/**
 * One fault of a phase: starts {@code at} after the phase starts and lasts {@code duration}. The
 * detail field that matches the type is set: {@code partition}, {@code link}, {@code corrupt}, {@code disk} or
 * {@code clock}.
 * {@code quietBefore}, when set, holds the canaries' writes for that long right before injection (reads go on),
 * so that every group's newest write is committed and acknowledged by a heartbeat round when the fault lands: the
 * state in which a deposed leader can believe its reads are current. It is real time, not scaled with the
 * schedule, because what it waits for (heartbeats) is not.
 */
public record FaultSpec(
        FaultType type,
        TargetSpec target,
        Duration at,
        Duration duration,
        PartitionSpec partition,
        LinkSpec link,
        CorruptionSpec corrupt,
        Duration quietBefore,
        DiskSpec disk,
        ClockSpec clock) {

    public FaultSpec(
            FaultType type,
            TargetSpec target,
            Duration at,
            Duration duration,
            PartitionSpec partition,
            LinkSpec link,
            CorruptionSpec corrupt) {
        this(type, target, at, duration, partition, link, corrupt, null, null, null);
    }

    /** A clock fault's strobe period is not scaled with the schedule: it is how fast the clock flips, not when. */
    FaultSpec scaled(TimeScale scale) {
        return new FaultSpec(
                type,
                target,
                scale(scale, at),
                scale(scale, duration),
                partition,
                link,
                corrupt,
                quietBefore,
                disk,
                clock);
    }

    /** The same fault, every detail kept, aimed at {@code target} from {@code at} for {@code duration}. */
    public FaultSpec aimed(TargetSpec target, Duration at, Duration duration) {
        return new FaultSpec(type, target, at, duration, partition, link, corrupt, quietBefore, disk, clock);
    }

    static Duration scale(TimeScale scale, Duration d) {
        return d == null ? null : scale.apply(d);
    }

    /** What the fault does, for logs: "partition isolate", "corrupt flip-bits in item-files (live)". */
    public String what() {
        return type.fault().what(this);
    }
}
