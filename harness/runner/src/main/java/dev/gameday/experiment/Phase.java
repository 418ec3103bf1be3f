package dev.gameday.experiment;

import java.time.Duration;
import java.util.List;

/**
 * A named stretch of the schedule (e.g. warm-up, faults, recovery); phases run one after another. A phase lists
 * its {@code faults}, or has them drawn from the seed by {@code generate} (not both).
 */
public record Phase(String name, Duration duration, List<FaultSpec> faults, GenerateSpec generate) {

    public Phase {
        faults = faults == null ? List.of() : faults;
    }

    public Phase(String name, Duration duration, List<FaultSpec> faults) {
        this(name, duration, faults, null);
    }

    Phase scaled(TimeScale scale) {
        return new Phase(
                name,
                FaultSpec.scale(scale, duration),
                faults.stream().map(f -> f.scaled(scale)).toList(),
                generate == null ? null : generate.scaled(scale));
    }

    /** This phase with generated faults in place of its generate block. */
    public Phase withFaults(List<FaultSpec> generated) {
        return new Phase(name, duration, generated, null);
    }
}
