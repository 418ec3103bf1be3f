package dev.gameday.report;

import dev.gameday.nemesis.ExecutedFault;
import java.time.Duration;
import java.util.List;

/** A fault as results.json shows it: what was planned and what happened. */
public record FaultReport(int id, String type, String target, String phase, String source, List<String> nodes,
                          Duration plannedStart, Duration plannedEnd, Duration startedAt, Duration healedAt,
                          String error) {

    public static FaultReport of(ExecutedFault f) {
        return new FaultReport(f.planned().id(), f.planned().type().yamlName(), f.planned().target().toString(),
                f.planned().phase(), f.planned().source(), f.nodes(), f.planned().start(), f.planned().end(),
                f.startedAt(), f.healedAt(), f.error());
    }
}
