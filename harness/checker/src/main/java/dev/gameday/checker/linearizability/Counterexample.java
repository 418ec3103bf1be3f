package dev.gameday.checker.linearizability;

import dev.gameday.checker.OpSummary;
import java.util.List;

/**
 * Why a key's history is not linearizable: no order of the operations that respects real time and
 * the model reaches past {@code unplaceable}'s completion. Of all orders the search tried, the longest
 * is {@code longestLinearizedPrefix}; after it the model is in {@code stateAfterPrefix}, and
 * {@code unplaceable} cannot take effect there, nor after any further operation allowed before it
 * returned. {@code concurrent} lists the key's operations whose invocation-to-completion interval
 * overlaps {@code unplaceable}'s: the ones a reader should look at first.
 *
 * @param key              the key, or null for a single-register history
 * @param stateAfterPrefix the model state after the prefix, as EDN text
 */
public record Counterexample(
        String key,
        List<OpSummary> longestLinearizedPrefix,
        String stateAfterPrefix,
        OpSummary unplaceable,
        List<OpSummary> concurrent) {}
