package dev.gameday.report;

import dev.gameday.experiment.DurationText;
import dev.gameday.experiment.Hypothesis;
import dev.gameday.history.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
        Map<String, List<Completed>> caught = caughtInFlight(history, faults);
        byAz.forEach((az, windows) -> {
            for (WindowStats w : windows) {
                boolean excused = faults.stream()
                        .anyMatch(f -> w.overlaps(f.start(), f.end().plus(hypothesis.recovery())));
                if (excused || w.requests() == 0 || w.successRatio() >= wanted) {
                    continue;
                }
                long requests = w.requests();
                long errors = w.errors();
                for (Completed c : caught.getOrDefault(az, List.of())) {
                    if (c.invokedAt().compareTo(w.start()) >= 0 && c.invokedAt().compareTo(w.end()) < 0) {
                        requests--;
                        errors -= c.success() ? 0 : 1;
                    }
                }
                double ratio = requests == 0 ? 1.0 : (double) (requests - errors) / requests;
                if (ratio < wanted) {
                    violations.add(String.format(
                            Locale.ROOT,
                            "%s: success ratio %.4f < %s in window +%s..+%s outside faults",
                            az,
                            ratio,
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

    /** A canary call: when it was invoked, and whether it counts as a success. */
    private record Completed(Duration invokedAt, boolean success) {}

    /**
     * Per AZ, the calls that a fault caught in flight: invoked before it started, answered after. Windows are by
     * invocation, so such a call falls in a window that may end before the fault began, yet its outcome is the
     * fault's (a call invoked a moment before a power-off fails because of it): the steady state of a window outside
     * faults is judged without them.
     */
    private static Map<String, List<Completed>> caughtInFlight(List<Op> history, List<FaultWindow> faults) {
        Map<String, List<Completed>> caught = new HashMap<>();
        Map<Long, Long> invokedAt = new HashMap<>();
        for (Op op : history) {
            if (!(op.extra().get("az") instanceof String az) || op.f().equals("final-read")) {
                continue;
            }
            if (op.isInvoke()) {
                invokedAt.put(op.process(), op.timeNanos());
                continue;
            }
            Long invoked = invokedAt.remove(op.process());
            if (invoked == null) {
                continue;
            }
            Duration from = Duration.ofNanos(invoked);
            Duration to = Duration.ofNanos(op.timeNanos());
            if (faults.stream().anyMatch(f -> from.compareTo(f.start()) < 0 && to.compareTo(f.start()) >= 0)) {
                caught.computeIfAbsent(az, a -> new ArrayList<>())
                        .add(new Completed(from, SuccessRule.countsAsSuccess(op)));
            }
        }
        return caught;
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
