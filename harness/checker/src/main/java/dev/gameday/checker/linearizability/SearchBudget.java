package dev.gameday.checker.linearizability;

import java.time.Duration;

/**
 * How much a check may spend before it answers UNKNOWN.
 *
 * @param timeLimit       wall time for the whole history (all keys)
 * @param maxMemoryBytes  bytes the searches of all keys not yet decided may hold together: memo,
 *                        model states and transition cache, as {@code KeySearch.bytesHeld} estimates
 */
public record SearchBudget(Duration timeLimit, long maxMemoryBytes) {

    /**
     * An eighth of the heap. The memo and the transition cache grow by doubling their arrays, so
     * for a moment they need three times their size; and the checker may share the JVM with a
     * whole run (canaries, clients, histograms) and the history it checks. Half the heap as budget
     * ran a real run out of memory instead of answering UNKNOWN. Until 2026-12-06 the budget
     * counted the memo alone, and a kv history with 25 clients per key ran out of memory with the
     * memo at a tenth of the heap: its model states and transitions held seven times more.
     */
    public static SearchBudget withTimeLimit(Duration timeLimit) {
        return new SearchBudget(timeLimit, Runtime.getRuntime().maxMemory() / 8);
    }
}
