package dev.gameday.checker.linearizability;

import java.time.Duration;

/**
 * How much a check may spend before it answers UNKNOWN.
 *
 * @param timeLimit       wall time for the whole history (all keys)
 * @param maxMemoryBytes  memo size allowed for any one key's search
 */
public record SearchBudget(Duration timeLimit, long maxMemoryBytes) {

    /** Half of the heap: the memo is by far the largest thing a check holds. */
    public static SearchBudget withTimeLimit(Duration timeLimit) {
        return new SearchBudget(timeLimit, Runtime.getRuntime().maxMemory() / 2);
    }
}
