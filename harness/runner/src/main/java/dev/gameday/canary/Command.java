package dev.gameday.canary;

/**
 * One canary request, before it is sent: the history's {@code f}, {@code key} and {@code value}
 * (register ops: {@code read} nil, {@code write} v, {@code cas} [expected new]; unique writes:
 * {@code write} to a fresh key), plus how many payload bytes the written item carries. The payload
 * is filler to reach the configured item size and is not part of the history.
 */
public record Command(String f, String key, Object value, int payloadBytes) {}
