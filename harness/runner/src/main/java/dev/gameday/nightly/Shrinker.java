package dev.gameday.nightly;

import dev.gameday.check.Checkers;
import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.Phase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes a failing plan smaller while it still fails the same way: first fewer faults (delta debugging: drop
 * halves, quarters, ... of the faults while the rest still fail), then each remaining fault shorter (halved while
 * it still fails, down to {@link #SHORTEST}). Every try is a whole run, so the search stops at a time budget and
 * keeps the smallest plan that failed.
 *
 * <p>"The same way": the run fails the original's first failing data checker (see {@link #signature}), or, when
 * the original failed no data checker, the same checks. A try that passes, fails otherwise, or comes out
 * unknown does not reproduce.
 */
public final class Shrinker {
    /** A fault is not shortened below this (as written; the run's time scale applies on top). */
    static final Duration SHORTEST = Duration.ofSeconds(4);

    /** One run of a candidate plan. */
    @FunctionalInterface
    public interface Attempt {
        /** Runs {@code candidate}; {@code label} says what it tries, for the console. */
        Outcome run(Experiment candidate, String label) throws InterruptedException;
    }

    /** What a run of a candidate found: the checks that failed (empty: it passed or was unknown). */
    public record Outcome(Set<String> failedChecks, String runDirectory) {}

    /** The smallest failing plan found and how many runs it took. */
    public record Result(
            Experiment minimal, int faultsBefore, int faultsAfter, int runs, boolean budgetSpent, List<String> tries) {}

    private final Attempt attempt;
    private final Clock clock;
    private final Instant deadline;
    private final Set<String> target;
    private final List<String> tries = new ArrayList<>();
    /** Every plan tried (its faults) and whether it failed the same way. */
    private final Map<List<Fault>, Boolean> tried = new HashMap<>();

    private int runs;
    private boolean budgetSpent;

    /**
     * @param originalFailures the checks the original run failed
     * @param budget           no try starts after this much time
     */
    public Shrinker(Set<String> originalFailures, Duration budget, Attempt attempt, Clock clock) {
        this.attempt = attempt;
        this.clock = clock;
        this.deadline = clock.instant().plus(budget);
        this.target = signature(originalFailures);
    }

    /**
     * The checks a try must fail to count as the same failure: the first data checker the original failed
     * (durability, then linearizability, then scrub: the most specific finding), or, when it failed none of them,
     * every check it failed. Not every data checker the original failed: one bug shows in several checkers, not
     * always in all of them (ack-before-quorum lost writes in both runs of one fault, and left replicas unequal
     * for scrub only in the longer one).
     */
    public static Set<String> signature(Set<String> failures) {
        for (String checker : Checkers.NAMES) {
            if (failures.contains(checker)) {
                return Set.of(checker);
            }
        }
        return new TreeSet<>(failures);
    }

    public Result shrink(Experiment failing) throws InterruptedException {
        List<Fault> faults = faultsOf(failing);
        List<Fault> kept = deltaDebug(failing, faults);
        kept = shorten(failing, kept);
        return new Result(withFaults(failing, kept), faults.size(), kept.size(), runs, budgetSpent, List.copyOf(tries));
    }

    /** Zeller's ddmin: try each of n chunks alone, then each complement; on no progress, twice as many chunks. */
    private List<Fault> deltaDebug(Experiment failing, List<Fault> faults) throws InterruptedException {
        List<Fault> current = faults;
        int chunks = 2;
        while (current.size() >= 2) {
            List<List<Fault>> parts = split(current, Math.min(chunks, current.size()));
            List<Fault> smaller = null;
            for (List<Fault> part : parts) {
                if (fails(failing, part, "faults " + ids(part))) {
                    smaller = part;
                    chunks = 2;
                    break;
                }
            }
            if (smaller == null && parts.size() > 2) {
                for (List<Fault> part : parts) {
                    List<Fault> complement = new ArrayList<>(current);
                    complement.removeAll(part);
                    if (fails(failing, complement, "faults " + ids(complement))) {
                        smaller = complement;
                        chunks = Math.max(chunks - 1, 2);
                        break;
                    }
                }
            }
            if (budgetSpent) {
                return smaller != null ? smaller : current;
            }
            if (smaller != null) {
                current = smaller;
            } else if (chunks >= current.size()) {
                break;
            } else {
                chunks = Math.min(chunks * 2, current.size());
            }
        }
        return current;
    }

    private List<Fault> shorten(Experiment failing, List<Fault> faults) throws InterruptedException {
        List<Fault> current = new ArrayList<>(faults);
        for (int i = 0; i < current.size() && !budgetSpent; i++) {
            while (!budgetSpent) {
                Fault f = current.get(i);
                Duration half = Duration.ofSeconds(Math.max(f.spec.duration().toSeconds() / 2, SHORTEST.toSeconds()));
                if (half.compareTo(f.spec.duration()) >= 0) {
                    break;
                }
                List<Fault> candidate = new ArrayList<>(current);
                candidate.set(i, f.withDuration(half));
                if (!fails(failing, candidate, "fault " + f.id + " for " + half.toSeconds() + "s")) {
                    break;
                }
                current = candidate;
            }
        }
        return current;
    }

    private boolean fails(Experiment failing, List<Fault> faults, String label) throws InterruptedException {
        // ddmin asks again for a plan it tried at a coarser split (a single fault is a half and then a third).
        Boolean known = tried.get(faults);
        if (known != null) {
            return known;
        }
        if (!clock.instant().isBefore(deadline)) {
            budgetSpent = true;
            return false;
        }
        runs++;
        Outcome outcome = attempt.run(withFaults(failing, faults), label);
        boolean same = outcome.failedChecks().containsAll(target);
        tries.add(label + ": "
                + (same
                        ? "fails the same way"
                        : outcome.failedChecks().isEmpty()
                                ? "does not fail"
                                : "fails otherwise " + outcome.failedChecks())
                + " (" + outcome.runDirectory() + ")");
        tried.put(List.copyOf(faults), same);
        return same;
    }

    private static List<List<Fault>> split(List<Fault> faults, int n) {
        List<List<Fault>> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < n; i++) {
            int end = start + (faults.size() - start) / (n - i);
            parts.add(List.copyOf(faults.subList(start, end)));
            start = end;
        }
        return parts;
    }

    private static String ids(List<Fault> faults) {
        return faults.stream().map(f -> "#" + f.id).toList().toString();
    }

    /** Every fault of the plan, numbered in schedule order from 1. */
    static List<Fault> faultsOf(Experiment experiment) {
        List<Fault> faults = new ArrayList<>();
        for (int p = 0; p < experiment.schedule().size(); p++) {
            for (FaultSpec spec : experiment.schedule().get(p).faults()) {
                faults.add(new Fault(faults.size() + 1, p, spec));
            }
        }
        return faults;
    }

    /** The plan with only {@code faults} (in their phases, in schedule order). */
    static Experiment withFaults(Experiment experiment, List<Fault> faults) {
        List<Phase> phases = new ArrayList<>();
        for (int p = 0; p < experiment.schedule().size(); p++) {
            int phase = p;
            Phase original = experiment.schedule().get(p);
            phases.add(original.withFaults(faults.stream()
                    .filter(f -> f.phase == phase)
                    .sorted((a, b) -> Integer.compare(a.id, b.id))
                    .map(Fault::spec)
                    .toList()));
        }
        return experiment.withSchedule(phases);
    }

    /** A fault of the plan: its number, its phase and its spec. */
    record Fault(int id, int phase, FaultSpec spec) {
        Fault withDuration(Duration d) {
            return new Fault(id, phase, spec.aimed(spec.target(), spec.at(), d));
        }
    }
}
