package dev.gameday.checker.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gameday.checker.InvalidHistoryException;
import dev.gameday.checker.TestHistory;
import dev.gameday.checker.Verdict;
import dev.gameday.history.Op;
import java.time.Duration;
import java.util.List;

/** Runs the checker on hand-built histories with a generous budget. */
final class Checks {
    static final SearchBudget BUDGET = SearchBudget.withTimeLimit(Duration.ofSeconds(30));

    private Checks() {}

    static LinearizabilityResult check(String model, TestHistory history) throws InvalidHistoryException {
        return check(model, history.ops());
    }

    static LinearizabilityResult check(String model, List<Op> history) throws InvalidHistoryException {
        return new LinearizabilityChecker(Models.byName(model), BUDGET).check(history);
    }

    static void assertVerdict(Verdict expected, String model, TestHistory history) throws InvalidHistoryException {
        LinearizabilityResult result = check(model, history);
        assertEquals(expected, result.verdict(), result::toString);
    }
}
