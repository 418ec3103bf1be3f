package dev.gameday.checker.durability;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gameday.checker.OpSummary;

/**
 * An acknowledged write missing from a final read, with when it was last seen where the history shows it.
 *
 * @param finalValue       what the final read saw for the key instead, as EDN text
 * @param finalRead        the final read that lacks the write
 * @param lastSeenBy       the last ordinary read that returned the write, null if none did
 * @param firstMissingFrom the first ordinary read after {@code lastSeenBy} (or after the write) that did not
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LostWrite(
        OpSummary write, String finalValue, OpSummary finalRead, OpSummary lastSeenBy, OpSummary firstMissingFrom) {}
