package dev.gameday.checker.linearizability;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gameday.checker.Verdict;
import java.util.List;

/**
 * The verdict on a whole history: INVALID as soon as one key is not linearizable, UNKNOWN if some
 * key's search ran out of budget, VALID only when every key was shown linearizable.
 *
 * @param operations     client operations checked (after dropping :fail ones and reads of unknown outcome)
 * @param unknownReasons why keys came out UNKNOWN
 * @param counterexample the first non-linearizable key's counterexample
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinearizabilityResult(
        Verdict verdict,
        String model,
        int keys,
        int operations,
        long configurationsVisited,
        List<String> unknownReasons,
        Counterexample counterexample) {}
