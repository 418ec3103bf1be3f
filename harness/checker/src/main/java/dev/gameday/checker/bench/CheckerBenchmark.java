package dev.gameday.checker.bench;

import dev.gameday.checker.InvalidHistoryException;
import dev.gameday.checker.OperationPairing;
import dev.gameday.checker.Verdict;
import dev.gameday.checker.bench.ReferenceHistories.ReferenceHistory;
import dev.gameday.checker.linearizability.LinearizabilityChecker;
import dev.gameday.checker.linearizability.LinearizabilityResult;
import dev.gameday.checker.linearizability.Models;
import dev.gameday.checker.linearizability.SearchBudget;
import dev.gameday.history.HistoryReader;
import dev.gameday.history.Op;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times the linearizability checker per class of history files: one pass (read + pair + check) in
 * a fresh JVM ("cold") and after warm-up ("warm"), next to the first version of the search run the
 * same way (warm only on the classes it finishes cold) and to Porcupine's one-pass times measured on
 * this machine.
 *
 * <p>Classes: the 39 shared reference histories together (Porcupine's figure is for all 39), the 35
 * etcd logs, each kv file alone, and histories made by {@link HardHistories}: kv with 50 clients like
 * Porcupine's c50 files, and cas-register histories shaped like the project's real runs with
 * partitions. The generated files are written once under {@code --generated DIR} and reused.
 *
 * <p>Usage: {@code CheckerBenchmark [SHARED_HISTORIES_DIR] [--generated DIR] [--no-cold]
 * [--check-jvm-options FILE]}, from the repository root. Cold passes run with the JVM options of the
 * shipped {@code ./gameday check} ({@code harness/checker/check.jvm-options}, a java @argfile), so
 * that the cold figure measures the command's configuration;
 * {@code CheckerBenchmark --nightly OPS [--stale] [--generated DIR]} checks one nightly-sized
 * history. Cold passes run in child JVMs started one at a time while this one waits, so only one JVM
 * works at a time. Exits 1 if any verdict of either version differs from the expected one (the
 * first version's UNKNOWN, where it gave up, excepted).
 */
public final class CheckerBenchmark {
    private static final int WARMUP_ROUNDS = 15;
    private static final int MEASURED_ROUNDS = 10;
    private static final Duration WARMUP_LIMIT = Duration.ofSeconds(40);
    private static final Duration MEASURE_LIMIT = Duration.ofSeconds(60);
    private static final Duration BUDGET = Duration.ofSeconds(60);
    /** The first version needs minutes on some generated files; it gets this much per file. */
    private static final Duration FIRST_VERSION_BUDGET = Duration.ofSeconds(5);

    private static final int SEEDS_PER_CLASS = 3;
    private static final long FIRST_SEED = 20261203;

    private CheckerBenchmark() {}

    /** Files checked and timed together, with Porcupine's one-pass time for them when known. */
    record FileClass(String name, List<ReferenceHistory> files, String porcupine, double porcupineSeconds) {}

    public static void main(String[] args) throws Exception {
        Path shared = Path.of("../shared/fixtures/histories");
        Path generated = Path.of("harness/checker/target/hard-histories");
        Path checkJvmOptions = Path.of("harness/checker/check.jvm-options");
        boolean cold = true;
        String onePassClass = null;
        boolean onePassFirstVersion = false;
        int nightlyOps = 0;
        boolean nightlyStale = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--generated" -> generated = Path.of(args[++i]);
                case "--no-cold" -> cold = false;
                case "--check-jvm-options" -> checkJvmOptions = Path.of(args[++i]);
                case "--one-pass" -> onePassClass = args[++i];
                case "--first-version" -> onePassFirstVersion = true;
                case "--nightly" -> nightlyOps = Integer.parseInt(args[++i]);
                case "--stale" -> nightlyStale = true;
                default -> shared = Path.of(args[i]);
            }
        }
        if (nightlyOps > 0) {
            nightly(nightlyOps, nightlyStale, generated);
            return;
        }
        Map<String, FileClass> classes = classes(shared, generated);
        if (onePassClass != null) {
            // Child JVM: one pass over one class, result on stdout for the parent.
            PassResult pass = onePass(classes.get(onePassClass).files(), onePassFirstVersion);
            System.out.println("PASS " + pass.seconds() + " " + pass.mismatches() + " " + pass.unknowns() + " "
                    + pass.cpuSeconds() + " " + pass.configurations());
            return;
        }
        boolean allMatch = true;
        Map<String, PassResult> coldNew = new LinkedHashMap<>();
        Map<String, PassResult> coldFirst = new LinkedHashMap<>();
        if (cold) {
            if (!Files.isRegularFile(checkJvmOptions)) {
                System.err.println("no JVM options file " + checkJvmOptions.toAbsolutePath()
                        + " (run from the repository root, or give --check-jvm-options FILE)");
                System.exit(2);
            }
            for (String name : classes.keySet()) {
                coldNew.put(name, inFreshJvm(name, false, shared, generated, checkJvmOptions));
                coldFirst.put(name, inFreshJvm(name, true, shared, generated, checkJvmOptions));
                System.out.printf(
                        "cold %-18s v2 %s s, v1 %s s%n",
                        name, seconds(coldNew.get(name)), seconds(coldFirst.get(name)));
            }
        }
        WarmPasses warm = warm(classes, false);
        // The first version is timed warm only where it finished every file cold: elsewhere it spends
        // its whole budget on a file in every round.
        Map<String, FileClass> firstVersionFinishes = new LinkedHashMap<>(classes);
        firstVersionFinishes
                .keySet()
                .removeIf(name ->
                        !coldFirst.containsKey(name) || coldFirst.get(name).unknowns() > 0);
        WarmPasses warmFirst = warm(firstVersionFinishes, true);

        System.out.printf(
                "%n%-16s %5s %6s %11s | %8s %8s | %8s %8s | %8s %8s | %7s %7s | %s%n",
                "class",
                "files",
                "ops",
                "Porcupine s",
                "v1 cold",
                "v2 cold",
                "v1 warm",
                "v2 warm",
                "v2c/Porc",
                "v2w/Porc",
                "v2c/v1c",
                "v2w/v1w",
                "slowest file / class median (v2 warm)");
        for (FileClass fileClass : classes.values()) {
            double[] perFile = warm.medians().get(fileClass.name());
            double warmTotal = Arrays.stream(perFile).sum();
            double[] firstPerFile = warmFirst.medians().get(fileClass.name());
            double warmFirstTotal =
                    firstPerFile == null ? 0 : Arrays.stream(firstPerFile).sum();
            double[] sorted = perFile.clone();
            Arrays.sort(sorted);
            double median = sorted[sorted.length / 2];
            double slowest = sorted[sorted.length - 1];
            PassResult newPass = coldNew.get(fileClass.name());
            PassResult firstPass = coldFirst.get(fileClass.name());
            allMatch &= (newPass == null || newPass.mismatches() == 0)
                    && (firstPass == null || firstPass.mismatches() == 0);
            double porcupine = fileClass.porcupineSeconds();
            System.out.printf(
                    "%-16s %5d %6d %11s | %8s %8s | %8s %8.4f | %8s %8s | %7s %7s | %.1fx%n",
                    fileClass.name(),
                    perFile.length,
                    operations(fileClass),
                    fileClass.porcupine(),
                    firstPass == null ? "-" : seconds(firstPass),
                    newPass == null ? "-" : seconds(newPass),
                    firstPerFile == null ? "-" : String.format("%.4f", warmFirstTotal),
                    warmTotal,
                    newPass == null || porcupine <= 0 ? "-" : String.format("%.3f", newPass.seconds() / porcupine),
                    porcupine <= 0 ? "-" : String.format("%.3f", warmTotal / porcupine),
                    newPass == null || firstPass == null
                            ? "-"
                            : String.format(
                                    "%s%.3f",
                                    firstPass.unknowns() > 0 ? "<" : "", newPass.seconds() / firstPass.seconds()),
                    firstPerFile == null ? "-" : String.format("%.3f", warmTotal / warmFirstTotal),
                    median > 0 ? slowest / median : 1.0);
        }
        printSearchWork(classes, coldNew, warm);
        System.out.println("""

                one pass = read + pair + check of every file of the class, seconds. cold: in a fresh JVM;
                warm: sum over the files of the median of %d passes (v1: %d) after warm-up (up to %d rounds or
                %d s). v1: the first version of the search, %d s per file (">" marks files where it gave up,
                UNKNOWN; its ratio is then an upper bound, "<"; not timed warm there). Porcupine: its
                published one-pass times on this machine; for the gen-kv50 classes, its figure for its own
                c50 files, which they imitate (c50*); none for the real-run classes.""".formatted(
                        warm.rounds(),
                        warmFirst.rounds(),
                        WARMUP_ROUNDS,
                        WARMUP_LIMIT.toSeconds(),
                        FIRST_VERSION_BUDGET.toSeconds()));
        for (FileClass fileClass : classes.values()) {
            allMatch &= verdictsMatch(fileClass);
        }
        if (!allMatch) {
            System.out.println("VERDICT MISMATCH: see above");
            System.exit(1);
        }
        System.out.println("verdicts: v2 as expected on every file" + (cold ? ", v1 as expected or UNKNOWN" : ""));
    }

    private static String seconds(PassResult pass) {
        return String.format("%s%.4f", pass.unknowns() > 0 ? ">" : "", pass.seconds());
    }

    /** The classes, in the order the table lists them; generates missing files first. */
    static Map<String, FileClass> classes(Path shared, Path generated) throws IOException {
        List<ReferenceHistory> references = ReferenceHistories.load(shared);
        Map<String, FileClass> classes = new LinkedHashMap<>();
        classes.put("shared-39", new FileClass("shared-39", references, "0.49-0.56", 0.49));
        classes.put(
                "etcd-35",
                new FileClass(
                        "etcd-35",
                        references.stream()
                                .filter(r -> r.model().equals("cas-register"))
                                .toList(),
                        "-",
                        0));
        Map<String, Double> porcupineKv = Map.of("c01-ok", 0.022, "c01-bad", 0.015, "c10-ok", 0.061, "c10-bad", 0.011);
        for (ReferenceHistory reference : references) {
            String name = reference.file().getFileName().toString().replace(".txt", "");
            if (porcupineKv.containsKey(name)) {
                double seconds = porcupineKv.get(name);
                classes.put(
                        "kv-" + name,
                        new FileClass("kv-" + name, List.of(reference), String.valueOf(seconds), seconds));
            }
        }
        addGenerated(classes, generated, "gen-kv50-ok", HardHistories.kv50(false), "0.34 (c50*)", 0.34);
        addGenerated(classes, generated, "gen-kv50-bad", HardHistories.kv50(true), "0.09 (c50*)", 0.09);
        addGenerated(classes, generated, "gen-realrun-ok", HardHistories.realRun(false, 20_000), "-", 0);
        addGenerated(classes, generated, "gen-realrun-bad", HardHistories.realRun(true, 20_000), "-", 0);
        return classes;
    }

    private static void addGenerated(
            Map<String, FileClass> classes,
            Path root,
            String name,
            HardHistories.Shape shape,
            String porcupine,
            double porcupineSeconds)
            throws IOException {
        Path dir = root.resolve(name);
        List<ReferenceHistory> files = new ArrayList<>();
        List<String> manifest = new ArrayList<>();
        for (int i = 0; i < SEEDS_PER_CLASS; i++) {
            Path file = dir.resolve("seed-" + (FIRST_SEED + i) + ".edn");
            if (!Files.exists(file)) {
                HardHistories.write(file, HardHistories.generate(shape, FIRST_SEED + i));
            }
            Verdict expected = shape.staleRead() ? Verdict.INVALID : Verdict.VALID;
            files.add(new ReferenceHistory(file, shape.model(), expected));
            manifest.add(file.getFileName() + "\t" + (shape.staleRead() ? "not-linearizable" : "linearizable") + "\t"
                    + shape.model());
        }
        Files.write(dir.resolve("expected.tsv"), manifest);
        classes.put(name, new FileClass(name, files, porcupine, porcupineSeconds));
    }

    /**
     * One pass: wall seconds, verdicts off and UNKNOWN, this thread's CPU seconds (read + pair + check,
     * which the load of other work changes far less than the wall time) and configurations visited.
     */
    private record PassResult(double seconds, int mismatches, int unknowns, double cpuSeconds, long configurations) {}

    /** One pass over the files: read, pair and check each; seconds for all of them. */
    private static PassResult onePass(List<ReferenceHistory> files, boolean firstVersion)
            throws IOException, InvalidHistoryException {
        int mismatches = 0;
        int unknowns = 0;
        long configurations = 0;
        long start = System.nanoTime();
        long cpuStart = threadCpuNanos();
        for (ReferenceHistory file : files) {
            LinearizabilityResult result = check(file, firstVersion);
            Verdict verdict = result.verdict();
            unknowns += verdict == Verdict.UNKNOWN ? 1 : 0;
            mismatches += verdict != file.expected() && verdict != Verdict.UNKNOWN ? 1 : 0;
            configurations += result.configurationsVisited();
        }
        return new PassResult(
                (System.nanoTime() - start) / 1e9,
                mismatches,
                unknowns,
                (threadCpuNanos() - cpuStart) / 1e9,
                configurations);
    }

    private static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /**
     * The search's work, which the load of other work on the machine does not change: configurations
     * visited per pass (and the slowest file's against the class median), and CPU seconds of the
     * pass, cold and warm (v2 only).
     */
    private static void printSearchWork(
            Map<String, FileClass> classes, Map<String, PassResult> coldNew, WarmPasses warm)
            throws IOException, InvalidHistoryException {
        System.out.printf(
                "%n%-16s %13s %-32s %12s %12s%n",
                "class", "configs (v2)", "most configs file / median", "v2 cold CPU", "v2 warm CPU");
        for (FileClass fileClass : classes.values()) {
            long[] perFile = new long[fileClass.files().size()];
            for (int i = 0; i < perFile.length; i++) {
                perFile[i] = check(fileClass.files().get(i), false).configurationsVisited();
            }
            long[] sorted = perFile.clone();
            Arrays.sort(sorted);
            long median = sorted[sorted.length / 2];
            PassResult cold = coldNew.get(fileClass.name());
            System.out.printf(
                    "%-16s %13d %-32s %12s %12.4f%n",
                    fileClass.name(),
                    Arrays.stream(perFile).sum(),
                    String.format(
                            "%d / %d = %.1fx",
                            sorted[sorted.length - 1],
                            median,
                            median > 0 ? (double) sorted[sorted.length - 1] / median : 1.0),
                    cold == null ? "-" : String.format("%.4f", cold.cpuSeconds()),
                    Arrays.stream(warm.cpuMedians().get(fileClass.name())).sum());
        }
    }

    private static LinearizabilityResult check(ReferenceHistory file, boolean firstVersion)
            throws IOException, InvalidHistoryException {
        List<Op> ops = HistoryReader.read(file.file());
        return firstVersion
                ? LinearizabilityChecker.firstVersion(
                                Models.byName(file.model()), SearchBudget.withTimeLimit(FIRST_VERSION_BUDGET))
                        .checkOperations(OperationPairing.pair(ops))
                : new LinearizabilityChecker(Models.byName(file.model()), SearchBudget.withTimeLimit(BUDGET))
                        .checkOperations(OperationPairing.pair(ops));
    }

    /** Runs one pass of a class in a child JVM with this JVM's class path, and waits for it. */
    private static PassResult inFreshJvm(
            String className, boolean firstVersion, Path shared, Path generated, Path checkJvmOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + checkJvmOptions,
                "-cp",
                System.getProperty("java.class.path"),
                CheckerBenchmark.class.getName(),
                shared.toString(),
                "--generated",
                generated.toString(),
                "--one-pass",
                className));
        if (firstVersion) {
            command.add("--first-version");
        }
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("PASS ")) {
                    result = line;
                } else {
                    System.err.println("[" + className + "] " + line);
                }
            }
        }
        if (child.waitFor() != 0 || result == null) {
            throw new IllegalStateException("cold pass of " + className + " failed");
        }
        String[] fields = result.split(" ");
        return new PassResult(
                Double.parseDouble(fields[1]),
                Integer.parseInt(fields[2]),
                Integer.parseInt(fields[3]),
                Double.parseDouble(fields[4]),
                Long.parseLong(fields[5]));
    }

    /**
     * Per class, per file: the median one-pass seconds and the median CPU seconds of the same passes;
     * and how many measured rounds they are the medians of.
     */
    private record WarmPasses(Map<String, double[]> medians, Map<String, double[]> cpuMedians, int rounds) {}

    /** One-pass times after warm-up, all classes interleaved in each round. */
    private static WarmPasses warm(Map<String, FileClass> classes, boolean firstVersion)
            throws IOException, InvalidHistoryException {
        if (classes.isEmpty()) {
            return new WarmPasses(Map.of(), Map.of(), 0);
        }
        // Rounds stop early once their time is used up, so slow classes keep the run short.
        long warmupEnd = System.nanoTime() + WARMUP_LIMIT.toNanos();
        for (int round = 0; round < WARMUP_ROUNDS && System.nanoTime() < warmupEnd; round++) {
            for (FileClass fileClass : classes.values()) {
                timeEach(fileClass.files(), firstVersion);
            }
        }
        Map<String, long[][]> rounds = new LinkedHashMap<>();
        Map<String, long[][]> cpuRounds = new LinkedHashMap<>();
        long measureEnd = System.nanoTime() + MEASURE_LIMIT.toNanos();
        int measured = 0;
        for (int round = 0; round < MEASURED_ROUNDS && (round < 3 || System.nanoTime() < measureEnd); round++) {
            measured++;
            for (FileClass fileClass : classes.values()) {
                long[][] wallAndCpu = timeEach(fileClass.files(), firstVersion);
                rounds.computeIfAbsent(fileClass.name(), k -> new long[MEASURED_ROUNDS][])[round] = wallAndCpu[0];
                cpuRounds.computeIfAbsent(fileClass.name(), k -> new long[MEASURED_ROUNDS][])[round] = wallAndCpu[1];
            }
        }
        return new WarmPasses(perFileMedians(rounds, measured), perFileMedians(cpuRounds, measured), measured);
    }

    /** Per class, per file: the median over the first {@code measured} rounds, in seconds. */
    private static Map<String, double[]> perFileMedians(Map<String, long[][]> rounds, int measured) {
        Map<String, double[]> medians = new LinkedHashMap<>();
        for (Map.Entry<String, long[][]> entry : rounds.entrySet()) {
            long[][] times = Arrays.copyOf(entry.getValue(), measured);
            double[] perFile = new double[times[0].length];
            for (int file = 0; file < perFile.length; file++) {
                int f = file;
                perFile[file] =
                        median(Arrays.stream(times).mapToLong(round -> round[f]).toArray()) / 1e9;
            }
            medians.put(entry.getKey(), perFile);
        }
        return medians;
    }

    /** Per file: wall nanoseconds ([0]) and this thread's CPU nanoseconds ([1]) of one pass. */
    private static long[][] timeEach(List<ReferenceHistory> files, boolean firstVersion)
            throws IOException, InvalidHistoryException {
        long[][] nanos = new long[2][files.size()];
        for (int i = 0; i < files.size(); i++) {
            long start = System.nanoTime();
            long cpuStart = threadCpuNanos();
            check(files.get(i), firstVersion);
            nanos[0][i] = System.nanoTime() - start;
            nanos[1][i] = threadCpuNanos() - cpuStart;
        }
        return nanos;
    }

    private static int operations(FileClass fileClass) {
        int total = 0;
        for (ReferenceHistory file : fileClass.files()) {
            try (var lines = Files.lines(file.file())) {
                total += (int) lines.filter(line -> line.contains("invoke")).count();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return total;
    }

    private static boolean verdictsMatch(FileClass fileClass) throws IOException, InvalidHistoryException {
        boolean match = true;
        for (ReferenceHistory file : fileClass.files()) {
            LinearizabilityResult result = check(file, false);
            if (result.verdict() != file.expected()) {
                System.out.println("MISMATCH " + file + ": expected " + file.expected() + ", got " + result.verdict()
                        + " " + result.unknownReasons());
                match = false;
            }
        }
        return match;
    }

    /**
     * A nightly-sized history: {@code ops} operations of the real-run shape on 4 cas-register keys
     * (with one stale read late in it if {@code stale}), generated and written once for reuse, then
     * read, paired and checked once in this JVM.
     */
    private static void nightly(int ops, boolean stale, Path generated) throws IOException, InvalidHistoryException {
        Path file = generated.resolve("nightly").resolve("ops-" + ops + (stale ? "-stale" : "") + ".edn");
        if (!Files.exists(file)) {
            long start = System.nanoTime();
            HardHistories.write(file, HardHistories.generate(HardHistories.realRun(stale, ops), FIRST_SEED));
            System.out.printf("generated %s in %.1f s%n", file, (System.nanoTime() - start) / 1e9);
        }
        long start = System.nanoTime();
        List<Op> history = HistoryReader.read(file);
        long read = System.nanoTime();
        // CPU time of this thread as well: on a shared machine the wall time says more about the load.
        long readCpu = threadCpuNanos();
        var operations = OperationPairing.pair(history);
        long unknown = operations.stream()
                .filter(op -> op.outcome() == dev.gameday.history.OpType.INFO)
                .count();
        LinearizabilityResult result = new LinearizabilityChecker(
                        Models.byName("cas-register"), SearchBudget.withTimeLimit(BUDGET))
                .checkOperations(operations);
        long done = System.nanoTime();
        long checkCpu = threadCpuNanos() - readCpu;
        Runtime runtime = Runtime.getRuntime();
        System.out.printf(
                "%d operations (%d :info or never completed, %d :fail), %d keys: %s in %.1f s "
                        + "(read %.1f s, pair + check %.1f s, of which CPU %.1f s), %d configurations, heap max %d MB, used now %d MB%n",
                operations.size(),
                unknown,
                operations.stream()
                        .filter(op -> op.outcome() == dev.gameday.history.OpType.FAIL)
                        .count(),
                result.keys(),
                result.verdict(),
                (done - start) / 1e9,
                (read - start) / 1e9,
                (done - read) / 1e9,
                checkCpu / 1e9,
                result.configurationsVisited(),
                runtime.maxMemory() >> 20,
                (runtime.totalMemory() - runtime.freeMemory()) >> 20);
        result.unknownReasons().forEach(reason -> System.out.println("  " + reason));
        if (result.counterexample() != null) {
            System.out.println(
                    "  not linearizable, key " + result.counterexample().key() + ": cannot place "
                            + result.counterexample().unplaceable() + " in state "
                            + result.counterexample().stateAfterPrefix());
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}
