package dev.gameday.report;

import dev.gameday.nemesis.ExecutedFault;
import java.time.Duration;
import java.util.List;

/**
 * A fault as results.json shows it: what was planned and what happened.
 *
 * @param what    the fault and its detail, e.g. {@code partition halves}, {@code corrupt flip-bits in item-files (live)}
 * @param changes exactly what the nemesis changed (blocked links, each corrupted file with offset and length)
 * @param steadyStateWait    how long the nemesis waited for the steady state before injecting (null: no wait)
 * @param steadyStateMissing what was still missing when that wait gave up (null: the steady state came back)
 */
public record FaultReport(
        int id,
        String type,
        String what,
        String target,
        String phase,
        String source,
        List<String> nodes,
        List<String> changes,
        Duration plannedStart,
        Duration plannedEnd,
        Duration startedAt,
        Duration healedAt,
        String error,
        Duration steadyStateWait,
        String steadyStateMissing) {

    public static FaultReport of(ExecutedFault f) {
        return new FaultReport(
                f.planned().id(),
                f.planned().type().yamlName(),
                f.planned().spec().what(),
                f.planned().targetText(),
                f.planned().phase(),
                f.planned().source(),
                f.nodes(),
                f.changes(),
                f.planned().start(),
                f.planned().end(),
                f.startedAt(),
                f.healedAt(),
                f.error(),
                f.steadyStateWait(),
                f.steadyStateMissing());
    }
}
