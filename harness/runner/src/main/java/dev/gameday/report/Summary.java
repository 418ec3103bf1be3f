package dev.gameday.report;

import dev.gameday.experiment.DurationText;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The few lines printed on stdout at the end of a run; the details are in results.json. */
public final class Summary {
    private Summary() {}

    public static String render(Results r) {
        StringBuilder out = new StringBuilder();
        out.append("experiment ")
                .append(r.experiment())
                .append(" (seed ")
                .append(r.seed())
                .append(", time scale ")
                .append(r.timeScale())
                .append("): ")
                .append(r.verdict().name())
                .append('\n');
        r.reasons().forEach(reason -> out.append("  - ").append(reason).append('\n'));
        out.append("acknowledged writes: ")
                .append(r.acknowledgedWrites() == null ? "not checked" : r.acknowledgedWrites())
                .append(", lost: ")
                .append(r.lostWrites() == null ? "not checked" : r.lostWrites().size())
                .append('\n');
        out.append("linearizability: ")
                .append(
                        r.linearizability() == null
                                ? "not checked"
                                : r.linearizability().verdict())
                .append('\n');
        for (Map.Entry<String, Map<String, List<WindowStats>>> az :
                r.availability().entrySet()) {
            long requests = 0;
            long errors = 0;
            for (List<WindowStats> windows : az.getValue().values()) {
                for (WindowStats w : windows) {
                    requests += w.requests();
                    errors += w.errors();
                }
            }
            out.append(String.format(
                    Locale.ROOT,
                    "%s: %d requests, success ratio %.4f%n",
                    az.getKey(),
                    requests,
                    requests == 0 ? 1.0 : (double) (requests - errors) / requests));
        }
        for (Alarm a : r.alarms()) {
            out.append("alarm ")
                    .append(a.az())
                    .append(' ')
                    .append(a.endpoint())
                    .append(": raised at +")
                    .append(DurationText.format(a.raisedAt()))
                    .append(
                            a.clearedAt() == null
                                    ? ", never cleared"
                                    : ", cleared at +" + DurationText.format(a.clearedAt()))
                    .append('\n');
        }
        if (r.hypothesis() != null) {
            latencyRecoveries(r.hypothesis().latencyRecoveries(), out);
        }
        return out.toString();
    }

    /** One line per heal (a chain's faults share theirs): each AZ's time back to its p99 before the faults. */
    private static void latencyRecoveries(List<LatencyRecovery> recoveries, StringBuilder out) {
        Map<Duration, Map<String, LatencyRecovery>> byHeal = new TreeMap<>();
        recoveries.forEach(
                l -> byHeal.computeIfAbsent(l.healedAt(), h -> new TreeMap<>()).putIfAbsent(l.az(), l));
        byHeal.forEach((healedAt, byAz) -> {
            out.append("latency back to its p99 before the faults, after the heal at +")
                    .append(DurationText.format(healedAt))
                    .append(':');
            byAz.values()
                    .forEach(l -> out.append(String.format(
                            Locale.ROOT,
                            " %s %s (%.0f ms)",
                            l.az(),
                            l.took() == null ? "never" : DurationText.format(l.took()),
                            l.steadyP99Ms())));
            out.append('\n');
        });
    }
}
