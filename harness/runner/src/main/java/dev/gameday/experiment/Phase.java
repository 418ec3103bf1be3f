package dev.gameday.experiment;

import java.time.Duration;
import java.util.List;

/** A named stretch of the schedule (e.g. warm-up, faults, recovery); phases run one after another. */
public record Phase(String name, Duration duration, List<FaultSpec> faults) {

    public Phase {
        faults = faults == null ? List.of() : faults;
    }

    Phase scaled(TimeScale scale) {
        return new Phase(name, FaultSpec.scale(scale, duration), faults.stream().map(f -> f.scaled(scale)).toList());
    }
}
