package dev.gameday.report;

import dev.gameday.experiment.DurationText;
import dev.gameday.experiment.Hypothesis;
import dev.gameday.history.Op;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges the steady-state hypothesis on per-AZ windows:
 * <ol>
 *   <li>every window with requests that does not overlap a fault window, extended by the allowed
 *       recovery time, has a success ratio of at least {@code successRatio};</li>
 *   <li>after faults heal, each AZ reaches that ratio again within {@code recovery}. Recovery is the first
 *       successful call after the heal from which the AZ's calls over a recovery window (a fifth of the
 *       allowance) reach the ratio. These windows start at calls after the heal and end where the next fault
 *       begins, so neither the errors of the fault itself nor those of the next one count against the
 *       recovery (on the availability windows, aligned to the run's start and often as long as the
 *       allowance, both did). A fault that starts within the recovery allowance of an earlier one is judged with it,
 *       from the last heal of the chain: recovery from the first cannot be told apart from damage by the
 *       second (a rolling power-off test is one such chain).</li>
 * </ol>
 * It also measures, per chain and AZ, how long the calls took to get back to their latency before the faults
 * ({@link LatencyRecovery}); that is reported, not judged.
 */
public final class HypothesisCheck {
    /**
     * Recovery windows are this many times shorter than the recovery allowance: at time scale 0.25 a 1m allowance
     * gives 3 s windows, about 60 calls per AZ at the canary's rate, so one straggler does not decide a window.
     */
    static final int RECOVERY_WINDOWS_PER_ALLOWANCE = 5;

    private HypothesisCheck() {}

    public static HypothesisResult evaluate(
            Hypothesis hypothesis, Map<String, List<WindowStats>> byAz, List<FaultWindow> faults, List<Op> history) {
        double wanted = hypothesis.successRatio();
        List<String> violations = new ArrayList<>();
        Map<String, List<Call>> calls = callsByAz(history);
        Map<String, List<Call>> caught = caughtInFlight(calls, faults);
        byAz.forEach((az, windows) -> {
            for (WindowStats w : windows) {
                boolean excused = faults.stream()
                        .anyMatch(f -> w.overlaps(f.start(), f.end().plus(hypothesis.recovery())));
                if (excused || w.requests() == 0 || w.successRatio() >= wanted) {
                    continue;
                }
                long requests = w.requests();
                long errors = w.errors();
                for (Call c : caught.getOrDefault(az, List.of())) {
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
        Duration window = hypothesis.recovery().dividedBy(RECOVERY_WINDOWS_PER_ALLOWANCE);
        for (int i = 0; i < chains.size(); i++) {
            List<FaultWindow> chain = chains.get(i);
            Duration healed = healedAt(chain);
            FaultWindow next = i + 1 < chains.size() ? chains.get(i + 1).get(0) : null;
            Duration until = next == null ? null : next.start();
            byAz.keySet().forEach(az -> {
                Duration took = recoveryTime(calls.getOrDefault(az, List.of()), faults, healed, until, window, wanted);
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
                    String never = next == null
                            ? " (never, before the run ended)"
                            : " (not before fault #" + next.faultId() + " began at +"
                                    + DurationText.format(next.start()) + ")";
                    violations.add(az + ": not back at success ratio " + wanted + " within "
                            + DurationText.format(hypothesis.recovery()) + " of healing " + ids
                            + (took == null ? never : " (took " + DurationText.format(took) + ")"));
                }
            });
        }
        return new HypothesisResult(
                violations.isEmpty(), violations, recoveries, LatencyRecovery.measure(history, chains));
    }

    /** A canary call: when it was invoked and answered, and whether it counts as a success. */
    private record Call(Duration invokedAt, Duration answeredAt, boolean success) {
        /** Whether {@code fault} began while this call was in flight: its outcome is the fault's. */
        boolean caughtBy(FaultWindow fault) {
            return invokedAt.compareTo(fault.start()) < 0 && answeredAt.compareTo(fault.start()) >= 0;
        }
    }

    /** Per AZ, every answered canary call (final reads aside), in invocation order. */
    private static Map<String, List<Call>> callsByAz(List<Op> history) {
        Map<String, List<Call>> calls = new HashMap<>();
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
            if (invoked != null) {
                calls.computeIfAbsent(az, a -> new ArrayList<>())
                        .add(new Call(
                                Duration.ofNanos(invoked),
                                Duration.ofNanos(op.timeNanos()),
                                SuccessRule.countsAsSuccess(op)));
            }
        }
        calls.values().forEach(list -> list.sort(Comparator.comparing(Call::invokedAt)));
        return calls;
    }

    /**
     * Per AZ, the calls that a fault caught in flight: invoked before it started, answered after. Windows are by
     * invocation, so such a call falls in a window that may end before the fault began, yet its outcome is the
     * fault's (a call invoked a moment before a power-off fails because of it): the steady state of a window outside
     * faults is judged without them.
     */
    private static Map<String, List<Call>> caughtInFlight(Map<String, List<Call>> calls, List<FaultWindow> faults) {
        Map<String, List<Call>> caught = new HashMap<>();
        calls.forEach((az, list) -> list.stream()
                .filter(c -> faults.stream().anyMatch(c::caughtBy))
                .forEach(c -> caught.computeIfAbsent(az, a -> new ArrayList<>()).add(c)));
        return caught;
    }

    /**
     * From the heal, the time to the first call that succeeded and opens a good recovery window: the calls invoked
     * from it, for {@code window} or until {@code until} (the next fault's start; null: the last call of the run),
     * succeed at {@code wanted} or better. A window cut short that way still spans at least half a window, so a few
     * calls just before the end cannot decide. Calls a fault caught in flight do not count. Null when no such call
     * came. Reads only as far as the recovery, so a long run's history is not scanned once per fault.
     */
    private static Duration recoveryTime(
            List<Call> calls,
            List<FaultWindow> faults,
            Duration healed,
            Duration until,
            Duration window,
            double wanted) {
        if (calls.isEmpty()) {
            return null;
        }
        Duration limit = until != null ? until : calls.get(calls.size() - 1).invokedAt();
        Duration latestStart = limit.minus(window.dividedBy(2));
        Iterator<Call> after = calls.subList(firstInvokedAtOrAfter(calls, healed), calls.size()).stream()
                .takeWhile(c -> until == null || c.invokedAt().compareTo(until) < 0)
                .filter(c -> faults.stream().noneMatch(c::caughtBy))
                .iterator();
        ArrayDeque<Call> open = new ArrayDeque<>();
        long successes = 0;
        Call pending = after.hasNext() ? after.next() : null;
        while (true) {
            if (open.isEmpty()) {
                if (pending == null) {
                    return null;
                }
                open.addLast(pending);
                successes += pending.success() ? 1 : 0;
                pending = after.hasNext() ? after.next() : null;
            }
            Call first = open.peekFirst();
            if (first.invokedAt().compareTo(latestStart) > 0) {
                return null;
            }
            Duration windowEnd = first.invokedAt().plus(window);
            while (pending != null && pending.invokedAt().compareTo(windowEnd) < 0) {
                open.addLast(pending);
                successes += pending.success() ? 1 : 0;
                pending = after.hasNext() ? after.next() : null;
            }
            // The AZ is back from a call that succeeded and opens a good window, not from a failure before one.
            if (first.success() && (double) successes / open.size() >= wanted) {
                return first.invokedAt().minus(healed);
            }
            open.removeFirst();
            successes -= first.success() ? 1 : 0;
        }
    }

    /** The index of the first call invoked at or after {@code time} in calls sorted by invocation. */
    private static int firstInvokedAtOrAfter(List<Call> calls, Duration time) {
        int low = 0;
        int high = calls.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (calls.get(mid).invokedAt().compareTo(time) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** When a chain of faults was over: the last heal of any of its faults. */
    static Duration healedAt(List<FaultWindow> chain) {
        return chain.stream().map(FaultWindow::end).max(Duration::compareTo).orElseThrow();
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
