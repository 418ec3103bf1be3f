package dev.gameday.checker.durability;

import dev.gameday.checker.Operation;

/**
 * What one final read saw for one key.
 *
 * @param value the key's value, null when the key is absent
 * @param read  the final read operation it came from
 */
record FinalRead(String key, Object value, Operation read) {}
