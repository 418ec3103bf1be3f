package dev.gameday.checker.durability;

import dev.gameday.checker.OpSummary;

/**
 * A value a final read returned that no operation that may have happened wrote.
 *
 * @param value  EDN text of the value (or of the collection element)
 * @param reason "never written", or "written only by :fail operations"
 */
public record UnexpectedValue(String key, String value, String reason, OpSummary finalRead) {}
