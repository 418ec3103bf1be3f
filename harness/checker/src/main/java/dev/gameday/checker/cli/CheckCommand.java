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
import dev.gameday.checker.linearizability.SearchBudget;
import dev.gameday.history.HistoryReader;
import dev.gameday.history.Op;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code check HISTORY --model MODEL}: judges a history file (EDN op maps or a Jepsen log, told
 * apart automatically) and exits 0 if valid, 1 if invalid, 2 on bad input, 3 if unknown.
 */
@Command(name = "check",
        description = "Check a history for per-key linearizability and, with --durability, for lost writes.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "1:invalid (a violation was found)", "2:bad input", "3:unknown (budget ran out)"})
public class CheckCommand implements Callable<Integer> {
    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int BAD_INPUT = 2;
    public static final int UNKNOWN = 3;

    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "HISTORY", description = "History file: EDN op maps, one per line, or a Jepsen log.")
    Path history;

    @Option(names = "--model", required = true, converter = ModelConverter.class, paramLabel = "MODEL",
            description = "register, cas-register or kv.")
    Model model;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON to FILE.")
    Path jsonFile;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output on stdout: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--time-limit", defaultValue = "60", paramLabel = "SECONDS",
            description = "Time for the linearizability search before answering unknown (default: ${DEFAULT-VALUE}).")
    double timeLimitSeconds;

    @Option(names = "--durability", description = "Also check that no acknowledged write was lost (needs :final-read ops).")
    boolean durability;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
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
        CheckReport report;
        try {
            report = check();
        } catch (IOException e) {
            // HistoryFormatException names the line; other I/O errors name the file.
            err.println("bad input: " + history + ": " + describe(e));
            return BAD_INPUT;
        } catch (InvalidHistoryException e) {
            err.println("bad input: " + history + ": " + e.getMessage());
            return BAD_INPUT;
        }
        ObjectWriter json = new ObjectMapper().writerWithDefaultPrettyPrinter();
        if (jsonFile != null) {
            json.writeValue(jsonFile.toFile(), report);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(json.writeValueAsString(report));
            out.flush();
        } else {
            TextReport.print(report, out);
        }
        return switch (report.verdict()) {
            case VALID -> VALID;
            case INVALID -> INVALID;
            case UNKNOWN -> UNKNOWN;
        };
    }

    private CheckReport check() throws IOException, InvalidHistoryException {
        List<Op> ops = HistoryReader.read(history);
        List<Operation> operations = OperationPairing.pair(ops);
        SearchBudget budget = SearchBudget.withTimeLimit(Duration.ofNanos((long) (timeLimitSeconds * 1e9)));
        LinearizabilityResult linearizability = new LinearizabilityChecker(model, budget).checkOperations(operations);
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
