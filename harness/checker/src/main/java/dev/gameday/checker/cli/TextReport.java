package dev.gameday.checker.cli;

import dev.gameday.checker.OpSummary;
import dev.gameday.checker.durability.DurabilityResult;
import dev.gameday.checker.durability.LostWrite;
import dev.gameday.checker.durability.UnexpectedValue;
import dev.gameday.checker.linearizability.Counterexample;
import dev.gameday.checker.linearizability.LinearizabilityResult;
import java.io.PrintWriter;
import java.util.List;

/** Prints a {@link CheckReport} for people: verdicts first, then what went wrong. */
final class TextReport {
    /** Long prefixes are cut to their end, which is where the trouble is. */
    private static final int PREFIX_TAIL = 10;

    private TextReport() {}

    static void print(CheckReport report, PrintWriter out) {
        out.println("history: " + report.history());
        printLinearizability(report.linearizability(), out);
        if (report.durability() != null) {
            printDurability(report.durability(), out);
        }
        out.println("verdict: " + report.verdict());
        out.flush();
    }

    private static void printLinearizability(LinearizabilityResult result, PrintWriter out) {
        out.printf(
                "linearizability (model %s, %d keys, %d operations): %s%n",
                result.model(), result.keys(), result.operations(), result.verdict());
        result.unknownReasons().forEach(reason -> out.println("  unknown: " + reason));
        Counterexample c = result.counterexample();
        if (c == null) {
            return;
        }
        out.println("  key " + (c.key() == null ? "(single register)" : c.key()) + " is not linearizable.");
        List<OpSummary> prefix = c.longestLinearizedPrefix();
        out.printf(
                "  longest linearizable prefix found: %d operations%s, leaving state %s%n",
                prefix.size(),
                prefix.size() > PREFIX_TAIL ? " (last " + PREFIX_TAIL + " shown)" : "",
                c.stateAfterPrefix());
        prefix.subList(Math.max(0, prefix.size() - PREFIX_TAIL), prefix.size())
                .forEach(op -> out.println("    " + op.describe()));
        out.println("  cannot be placed: " + c.unplaceable().describe());
        out.println("  concurrent operations at that point: " + c.concurrent().size());
        c.concurrent().forEach(op -> out.println("    " + op.describe()));
    }

    private static void printDurability(DurabilityResult result, PrintWriter out) {
        out.printf(
                "durability (%d acknowledged writes, %d final reads): %s%n",
                result.acknowledgedWrites(), result.finalReads(), result.verdict());
        if (result.reason() != null) {
            out.println("  " + result.reason());
        }
        out.printf(
                "  present %d, superseded %d, lost %d, unexpected %d, recovered %d%n",
                result.present(),
                result.superseded(),
                result.lost().size(),
                result.unexpected().size(),
                result.recovered().size());
        for (LostWrite lost : result.lost()) {
            out.println("  lost: " + lost.write().describe() + "; final read saw " + lost.finalValue());
            if (lost.lastSeenBy() != null) {
                out.println("    last seen by: " + lost.lastSeenBy().describe());
            }
            if (lost.firstMissingFrom() != null) {
                out.println("    first missing from: " + lost.firstMissingFrom().describe());
            }
        }
        for (UnexpectedValue unexpected : result.unexpected()) {
            out.println("  unexpected: key " + unexpected.key() + " value " + unexpected.value() + " ("
                    + unexpected.reason() + ")");
        }
        result.recovered().forEach(op -> out.println("  recovered: " + op.describe()));
    }
}
