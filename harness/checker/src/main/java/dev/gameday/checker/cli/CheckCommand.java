package dev.gameday.checker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.gameday.checker.InvalidHistoryException;
import dev.gameday.checker.Operation;
import dev.gameday.checker.OperationPairing;
import dev.gameday.checker.Verdict;
import dev.gameday.checker.durability.DurabilityChecker;
import dev.gameday.checker.durability.DurabilityResult;
import dev.gameday.checker.linearizability.LinearizabilityChecker;
import dev.gameday.checker.linearizability.LinearizabilityResult;
import dev.gameday.checker.linearizability.Model;
import dev.gameday.checker.linearizability.Models;
import dev.gameday.checker.linearizability.SearchBudget;
import dev.gameday.history.HistoryReader;
import dev.gameday.history.Op;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code check PATH... [--model MODEL]}: judges history files (EDN op maps or Jepsen logs, told
 * apart automatically) and exits 0 if valid, 1 if invalid, 2 on bad input, 3 if unknown.
 *
 * <p>One file: the full report. Several files or folders (searched recursively; .tsv and .md files
 * skipped): one line per file (verdict, operations, time, model) and a summary, all in one JVM; the
 * exit code is the worst of the files', where a violation outranks bad input, and bad input outranks
 * unknown, so a found violation is never hidden. Without {@code --model}, a file's model comes from
 * its folder's manifest ({@code expected.tsv}: {@code FILE<TAB>VERDICT<TAB>MODEL}, or
 * {@code models.tsv}: {@code FILE<TAB>MODEL}), else from its operations: {@code :append}, {@code :put}
 * or {@code :get} mean kv, {@code :cas} means cas-register, anything else register.
 */
@Command(
        name = "check",
        description = "Check a history for per-key linearizability and, with --durability, for lost writes.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "1:invalid (a violation was found)", "2:bad input", "3:unknown (budget ran out)"})
public class CheckCommand implements Callable<Integer> {
    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int BAD_INPUT = 2;
    public static final int UNKNOWN = 3;

    enum Format {
        text,
        json
    }

    @Parameters(
            arity = "1..*",
            paramLabel = "PATH",
            description = "History files (EDN op maps, one per line, or Jepsen logs) or folders of them.")
    List<Path> paths;

    @Option(
            names = "--model",
            converter = ModelConverter.class,
            paramLabel = "MODEL",
            description =
                    "register, cas-register or kv (default: from the folder's manifest, else inferred from the ops).")
    Model model;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON to FILE.")
    Path jsonFile;

    @Option(
            names = "--format",
            defaultValue = "text",
            paramLabel = "text|json",
            description = "Output on stdout: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(
            names = "--time-limit",
            defaultValue = "60",
            paramLabel = "SECONDS",
            description = "Time for the linearizability search before answering unknown (default: ${DEFAULT-VALUE}).")
    double timeLimitSeconds;

    @Option(
            names = "--durability",
            description = "Also check that no acknowledged write was lost (needs :final-read ops).")
    boolean durability;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CheckCommand()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!(timeLimitSeconds > 0)) {
            err.println("--time-limit must be positive, got " + timeLimitSeconds);
            return BAD_INPUT;
        }
        if (paths.size() == 1 && !Files.isDirectory(paths.get(0))) {
            return checkOne(paths.get(0));
        }
        return checkBatch();
    }

    /** One file, full report. */
    private int checkOne(Path history) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        CheckReport report;
        try {
            report = check(history, modelFor(history));
        } catch (IOException e) {
            // HistoryFormatException names the line; other I/O errors name the file.
            err.println("bad input: " + history + ": " + describe(e));
            return BAD_INPUT;
        } catch (InvalidHistoryException e) {
            err.println("bad input: " + history + ": " + e.getMessage());
            return BAD_INPUT;
        }
        // Jackson only when JSON is asked for: starting it loads about 380 classes, a tenth of a
        // second or more in a fresh JVM, as long as checking a small history.
        if (jsonFile != null) {
            jsonWriter().writeValue(jsonFile.toFile(), report);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(jsonWriter().writeValueAsString(report));
            out.flush();
        } else {
            TextReport.print(report, out);
        }
        return exitCode(report.verdict());
    }

    private static ObjectWriter jsonWriter() {
        return new ObjectMapper().writerWithDefaultPrettyPrinter();
    }

    /** Many files in one JVM: a line each, then a summary; the worst exit code. */
    private int checkBatch() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile)
                            .filter(CheckCommand::looksLikeHistory)
                            .sorted()
                            .forEach(files::add);
                }
            } else {
                files.add(path);
            }
        }
        Map<Integer, Integer> counts = new TreeMap<>();
        List<CheckReport> reports = new ArrayList<>();
        int worst = VALID;
        long batchStart = System.nanoTime();
        for (Path file : files) {
            long start = System.nanoTime();
            String line;
            int code;
            try {
                Model fileModel = modelFor(file);
                CheckReport report = check(file, fileModel);
                reports.add(report);
                code = exitCode(report.verdict());
                LinearizabilityResult lin = report.linearizability();
                line = String.format(
                        "%-8s %8d ops %9.3f s  %-12s %s%s",
                        report.verdict(),
                        lin.operations(),
                        (System.nanoTime() - start) / 1e9,
                        fileModel.name(),
                        file,
                        lin.unknownReasons().isEmpty() ? "" : "  (" + String.join("; ", lin.unknownReasons()) + ")");
            } catch (IOException | InvalidHistoryException e) {
                code = BAD_INPUT;
                String message = e instanceof IOException io ? describe(io) : e.getMessage();
                line = String.format(
                        "%-8s %8s     %9.3f s  %-12s %s  (%s)",
                        "BAD", "-", (System.nanoTime() - start) / 1e9, "-", file, message);
            }
            out.println(line);
            out.flush();
            counts.merge(code, 1, Integer::sum);
            worst = worse(worst, code);
        }
        out.printf(
                "%d files in %.2f s: %d valid, %d invalid, %d bad input, %d unknown; exit %d%n",
                files.size(),
                (System.nanoTime() - batchStart) / 1e9,
                counts.getOrDefault(VALID, 0),
                counts.getOrDefault(INVALID, 0),
                counts.getOrDefault(BAD_INPUT, 0),
                counts.getOrDefault(UNKNOWN, 0),
                worst);
        out.flush();
        if (jsonFile != null) {
            jsonWriter().writeValue(jsonFile.toFile(), reports);
        }
        return worst;
    }

    /** A violation outranks bad input, which outranks unknown, which outranks valid. */
    private static int worse(int a, int b) {
        List<Integer> rank = List.of(VALID, UNKNOWN, BAD_INPUT, INVALID);
        return rank.indexOf(a) >= rank.indexOf(b) ? a : b;
    }

    private static boolean looksLikeHistory(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && !name.endsWith(".tsv") && !name.endsWith(".md");
    }

    private static int exitCode(Verdict verdict) {
        return switch (verdict) {
            case VALID -> VALID;
            case INVALID -> INVALID;
            case UNKNOWN -> UNKNOWN;
        };
    }

    /** --model if given, else the folder's manifest, else what the file's ops say. */
    private Model modelFor(Path file) throws IOException {
        if (model != null) {
            return model;
        }
        String fromManifest = ModelInference.fromManifest(file);
        return Models.byName(fromManifest != null ? fromManifest : ModelInference.fromOps(HistoryReader.read(file)));
    }

    private CheckReport check(Path history, Model historyModel) throws IOException, InvalidHistoryException {
        List<Op> ops = HistoryReader.read(history);
        List<Operation> operations = OperationPairing.pair(ops);
        SearchBudget budget = SearchBudget.withTimeLimit(Duration.ofNanos((long) (timeLimitSeconds * 1e9)));
        LinearizabilityResult linearizability =
                new LinearizabilityChecker(historyModel, budget).checkOperations(operations);
        Verdict verdict = linearizability.verdict();
        DurabilityResult durabilityResult = null;
        if (durability) {
            durabilityResult = new DurabilityChecker().checkOperations(operations);
            verdict = verdict.and(durabilityResult.verdict());
        }
        return new CheckReport(history.toString(), verdict, linearizability, durabilityResult);
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
