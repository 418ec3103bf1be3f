package dev.gameday.checker.linearizability;

import dev.gameday.checker.Verdict;

/**
 * The outcome of searching one key.
 *
 * @param counterexample set when the verdict is INVALID
 * @param reason         why the verdict is UNKNOWN, else null
 */
record KeyResult(Verdict verdict, Counterexample counterexample, String reason, long configurationsVisited) {}
