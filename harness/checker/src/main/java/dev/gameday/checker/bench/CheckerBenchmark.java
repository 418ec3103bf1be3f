package dev.gameday.checker.bench;

import dev.gameday.checker.InvalidHistoryException;
import dev.gameday.checker.Operation;
import dev.gameday.checker.OperationPairing;
import dev.gameday.checker.Verdict;
import dev.gameday.checker.bench.ReferenceHistories.ReferenceHistory;
import dev.gameday.checker.linearizability.LinearizabilityChecker;
import dev.gameday.checker.linearizability.Models;
import dev.gameday.checker.linearizability.SearchBudget;
import dev.gameday.history.HistoryReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times the linearizability checker on the whole reference set in one JVM, after warm-up, and
 * compares it with Porcupine's time for the same files (0.55 s, measured in-process on this
 * machine) and with plain Wing &amp; Gong backtracking (no memo) run side by side here.
 *
 * <p>Usage: {@code CheckerBenchmark [HISTORIES_DIR]}, default {@code ../shared/fixtures/histories}.
 * Exits 1 if any verdict differs from the expected one.
 */
public final class CheckerBenchmark {
    private static final double PORCUPINE_SECONDS = 0.55;
    private static final int WARMUP_ROUNDS = 30;
    private static final int MEASURED_ROUNDS = 30;
    private static final Duration BUDGET = Duration.ofSeconds(60);
    private static final Duration BASELINE_BUDGET_PER_FILE = Duration.ofMillis(200);

    private CheckerBenchmark() {
    }

    /** A reference history read and paired once, so rounds can time the check alone. */
    private record Loaded(ReferenceHistory reference, List<Operation> operations) {
    }

    public static void main(String[] args) throws IOException, InvalidHistoryException {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/fixtures/histories");
        List<ReferenceHistory> references = ReferenceHistories.load(dir);
        List<Loaded> loaded = new ArrayList<>();
        for (ReferenceHistory reference : references) {
            loaded.add(new Loaded(reference, OperationPairing.pair(HistoryReader.read(reference.file()))));
        }

        for (int round = 0; round < WARMUP_ROUNDS; round++) {
            readAll(references);
            checkAll(loaded, false, BUDGET);
        }
        long[][] checkNanos = new long[MEASURED_ROUNDS][];
        long[] readTotals = new long[MEASURED_ROUNDS];
        for (int round = 0; round < MEASURED_ROUNDS; round++) {
            readTotals[round] = readAll(references);
            checkNanos[round] = checkAll(loaded, false, BUDGET);
        }
        boolean verdictsMatch = printPerFile(loaded, checkNanos);

        long[] checkTotals = Arrays.stream(checkNanos).mapToLong(times -> Arrays.stream(times).sum()).toArray();
        double check = median(checkTotals) / 1e9;
        double readAndCheck = (median(readTotals) + median(checkTotals)) / 1e9;
        System.out.printf("%nmedian of %d rounds after %d warm-up rounds, %d files:%n", MEASURED_ROUNDS, WARMUP_ROUNDS, loaded.size());
        System.out.printf("  check only        %8.4f s%n", check);
        System.out.printf("  read + check      %8.4f s%n", readAndCheck);
        System.out.printf("  Porcupine (ref.)  %8.4f s  -> this checker takes %.3f of Porcupine's time (%.1fx faster); target <= 0.5%n",
                PORCUPINE_SECONDS, readAndCheck / PORCUPINE_SECONDS, PORCUPINE_SECONDS / readAndCheck);

        checkAll(loaded, true, BASELINE_BUDGET_PER_FILE); // warm the baseline's paths too
        long[] baseline = checkAll(loaded, true, BASELINE_BUDGET_PER_FILE);
        long budgetNanos = BASELINE_BUDGET_PER_FILE.toNanos();
        long capped = Arrays.stream(baseline).filter(t -> t >= budgetNanos).count();
        double baselineSeconds = Arrays.stream(baseline).sum() / 1e9;
        System.out.printf("  no-memo baseline  %8.4f s%s -> memo search is %.0fx faster%s%n", baselineSeconds,
                capped > 0 ? " (" + capped + " files hit the " + budgetNanos / 1_000_000 + " ms budget)" : "",
                baselineSeconds / check, capped > 0 ? " at least" : "");
        if (!verdictsMatch) {
            System.out.println("VERDICT MISMATCH: see the table above");
            System.exit(1);
        }
    }

    /** Reads every file once; returns the nanoseconds it took. */
    private static long readAll(List<ReferenceHistory> references) throws IOException {
        long start = System.nanoTime();
        for (ReferenceHistory reference : references) {
            HistoryReader.read(reference.file());
        }
        return System.nanoTime() - start;
    }

    /** Checks every file; returns the nanoseconds per file. */
    private static long[] checkAll(List<Loaded> loaded, boolean baseline, Duration budgetPerFile) throws InvalidHistoryException {
        long[] nanos = new long[loaded.size()];
        for (int i = 0; i < loaded.size(); i++) {
            Loaded history = loaded.get(i);
            long start = System.nanoTime();
            checker(history.reference().model(), baseline, budgetPerFile).checkOperations(history.operations());
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    private static LinearizabilityChecker checker(String model, boolean baseline, Duration budget) {
        SearchBudget searchBudget = SearchBudget.withTimeLimit(budget);
        return baseline
                ? LinearizabilityChecker.withoutMemo(Models.byName(model), searchBudget)
                : new LinearizabilityChecker(Models.byName(model), searchBudget);
    }

    /** Prints each file's verdict and median check time; returns whether all verdicts are as expected. */
    private static boolean printPerFile(List<Loaded> loaded, long[][] checkNanos) throws InvalidHistoryException {
        boolean allMatch = true;
        System.out.printf("%-26s %-8s %-8s %5s %10s%n", "file", "expected", "verdict", "ops", "check ms");
        for (int i = 0; i < loaded.size(); i++) {
            Loaded history = loaded.get(i);
            Verdict verdict = checker(history.reference().model(), false, BUDGET)
                    .checkOperations(history.operations()).verdict();
            boolean match = verdict == history.reference().expected();
            allMatch &= match;
            int file = i;
            long[] times = Arrays.stream(checkNanos).mapToLong(round -> round[file]).toArray();
            System.out.printf("%-26s %-8s %-8s %5d %10.3f%s%n", history.reference(), history.reference().expected(),
                    verdict, history.operations().size(), median(times) / 1e6, match ? "" : "  MISMATCH");
        }
        return allMatch;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}
