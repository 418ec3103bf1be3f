package dev.gameday.report;

import dev.gameday.experiment.DurationText;
import dev.gameday.experiment.Hypothesis;
import dev.gameday.history.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges the steady-state hypothesis on per-AZ windows:
 * <ol>
 *   <li>every window with requests that does not overlap a fault window, extended by the allowed
 *       recovery time, has a success ratio of at least {@code successRatio};</li>
 *   <li>after faults heal, each AZ reaches that ratio again within {@code recovery}: the first window
 *       ending after the heal with a good ratio marks the recovery (at the heal itself when that window
 *       contains it). Precision is one window, so windows should be shorter than the recovery
 *       allowance. A fault that starts within the recovery allowance of an earlier one is judged with
 *       it, from the last heal of the chain: recovery from the first cannot be told apart from damage by
 *       the second (a rolling power-off test is one such chain).</li>
 * </ol>
 * It also measures, per chain and AZ, how long the calls took to get back to their latency before the faults
 * ({@link LatencyRecovery}); that is reported, not judged.
 */
public final class HypothesisCheck {
    private HypothesisCheck() {}

    public static HypothesisResult evaluate(
            Hypothesis hypothesis, Map<String, List<WindowStats>> byAz, List<FaultWindow> faults, List<Op> history) {
        double wanted = hypothesis.successRatio();
        List<String> violations = new ArrayList<>();
        byAz.forEach((az, windows) -> {
            for (WindowStats w : windows) {
                boolean excused = faults.stream()
                        .anyMatch(f -> w.overlaps(f.start(), f.end().plus(hypothesis.recovery())));
                if (!excused && w.requests() > 0 && w.successRatio() < wanted) {
                    violations.add(String.format(
                            Locale.ROOT,
                            "%s: success ratio %.4f < %s in window +%s..+%s outside faults",
                            az,
                            w.successRatio(),
                            wanted,
                            DurationText.format(w.start()),
                            DurationText.format(w.end())));
                }
            }
        });
        List<HypothesisResult.Recovery> recoveries = new ArrayList<>();
        List<List<FaultWindow>> chains = chains(faults, hypothesis.recovery());
        for (List<FaultWindow> chain : chains) {
            Duration healed = chain.stream()
                    .map(FaultWindow::end)
                    .max(Duration::compareTo)
                    .orElseThrow();
            byAz.forEach((az, windows) -> {
                Duration took = windows.stream()
                        .filter(w -> w.end().compareTo(healed) > 0 && w.requests() > 0 && w.successRatio() >= wanted)
                        .findFirst()
                        .map(w -> w.start().compareTo(healed) > 0 ? w.start().minus(healed) : Duration.ZERO)
                        .orElse(null);
                boolean within = took != null && took.compareTo(hypothesis.recovery()) <= 0;
                for (FaultWindow fault : chain) {
                    recoveries.add(new HypothesisResult.Recovery(
                            fault.faultId(),
                            az,
                            healed,
                            took,
                            within,
                            chain.get(chain.size() - 1).faultId()));
                }
                if (!within) {
                    String ids = chain.size() == 1
                            ? "fault #" + chain.get(0).faultId()
                            : "faults #" + chain.get(0).faultId() + "..#"
                                    + chain.get(chain.size() - 1).faultId()
                                    + " (one chain: each started within the recovery allowance of the one before)";
                    violations.add(az + ": not back at success ratio " + wanted + " within "
                            + DurationText.format(hypothesis.recovery()) + " of healing " + ids
                            + (took == null
                                    ? " (never, before the run ended)"
                                    : " (took " + DurationText.format(took) + ")"));
                }
            });
        }
        return new HypothesisResult(
                violations.isEmpty(), violations, recoveries, LatencyRecovery.measure(history, chains));
    }

    /** Faults in start order, grouped while each starts before the chain so far has healed and recovered. */
    static List<List<FaultWindow>> chains(List<FaultWindow> faults, Duration recovery) {
        List<FaultWindow> byStart =
                faults.stream().sorted(Comparator.comparing(FaultWindow::start)).toList();
        List<List<FaultWindow>> chains = new ArrayList<>();
        Duration chainEnd = null;
        for (FaultWindow f : byStart) {
            if (chainEnd == null || f.start().compareTo(chainEnd.plus(recovery)) >= 0) {
                chains.add(new ArrayList<>());
                chainEnd = f.end();
            }
            chains.get(chains.size() - 1).add(f);
            chainEnd = chainEnd.compareTo(f.end()) >= 0 ? chainEnd : f.end();
        }
        return chains;
    }
}
