package dev.gameday.report;

import dev.gameday.experiment.DurationText;
import dev.gameday.experiment.Hypothesis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges the steady-state hypothesis on per-AZ windows:
 * <ol>
 *   <li>every window with requests that does not overlap a fault window, extended by the allowed
 *       recovery time, has a success ratio of at least {@code successRatio};</li>
 *   <li>after each fault is healed, each AZ reaches that ratio again within {@code recovery}: the
 *       first window ending after the heal with a good ratio marks the recovery (at the heal itself
 *       when that window contains it). Precision is one window, so windows should be shorter than
 *       the recovery allowance.</li>
 * </ol>
 */
public final class HypothesisCheck {
    private HypothesisCheck() {
    }

    public static HypothesisResult evaluate(Hypothesis hypothesis, Map<String, List<WindowStats>> byAz,
                                            List<FaultWindow> faults) {
        double wanted = hypothesis.successRatio();
        List<String> violations = new ArrayList<>();
        byAz.forEach((az, windows) -> {
            for (WindowStats w : windows) {
                boolean excused = faults.stream()
                        .anyMatch(f -> w.overlaps(f.start(), f.end().plus(hypothesis.recovery())));
                if (!excused && w.requests() > 0 && w.successRatio() < wanted) {
                    violations.add(String.format(Locale.ROOT, "%s: success ratio %.4f < %s in window +%s..+%s outside faults",
                            az, w.successRatio(), wanted, DurationText.format(w.start()), DurationText.format(w.end())));
                }
            }
        });
        List<HypothesisResult.Recovery> recoveries = new ArrayList<>();
        for (FaultWindow fault : faults) {
            byAz.forEach((az, windows) -> {
                Duration took = windows.stream()
                        .filter(w -> w.end().compareTo(fault.end()) > 0 && w.requests() > 0 && w.successRatio() >= wanted)
                        .findFirst()
                        .map(w -> w.start().compareTo(fault.end()) > 0 ? w.start().minus(fault.end()) : Duration.ZERO)
                        .orElse(null);
                boolean within = took != null && took.compareTo(hypothesis.recovery()) <= 0;
                recoveries.add(new HypothesisResult.Recovery(fault.faultId(), az, fault.end(), took, within));
                if (!within) {
                    violations.add(az + ": not back at success ratio " + wanted + " within "
                            + DurationText.format(hypothesis.recovery()) + " of healing fault #" + fault.faultId()
                            + (took == null ? " (never, before the run ended)" : " (took " + DurationText.format(took) + ")"));
                }
            });
        }
        return new HypothesisResult(violations.isEmpty(), violations, recoveries);
    }
}
