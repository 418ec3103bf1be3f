package dev.gameday.checker.linearizability;

import java.time.Duration;

/**
 * How much a check may spend before it answers UNKNOWN.
 *
 * @param timeLimit       wall time for the whole history (all keys)
 * @param maxMemoryBytes  memo size allowed for the searches of all keys not yet decided, together
 */
public record SearchBudget(Duration timeLimit, long maxMemoryBytes) {

    /**
     * An eighth of the heap. The memo is by far the largest thing a check holds, but it grows by
     * doubling its arrays, so for a moment it needs three times its size; and the checker may share
     * the JVM with a whole run (canaries, clients, histograms). Half the heap as budget ran a real
     * run out of memory instead of answering UNKNOWN.
     */
    public static SearchBudget withTimeLimit(Duration timeLimit) {
        return new SearchBudget(timeLimit, Runtime.getRuntime().maxMemory() / 8);
    }
}
