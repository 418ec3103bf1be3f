package dev.gameday.checker.linearizability;

import java.util.Arrays;

/**
 * The memo of {@link KeySearch}: every configuration (set of removed operations, state) already
 * explored. Two paths that removed the same operations and reached the same state have the same
 * future, so the second one is cut (Lowe's improvement to Wing &amp; Gong).
 *
 * <p>A set is stored by its bounds and the bitset words between them: every operation below
 * {@code firstNotRemoved} is removed and none from {@code lastRemovedPlusOne} on, so only the words
 * in between differ between sets, usually one or two whatever the history's length. Open addressing
 * over flat arrays; the words of all entries live in one {@code long[]} arena, so adding an entry
 * allocates nothing but the occasional resize.
 */
final class VisitedConfigurations {
    private int[] slots; // entry number + 1; 0 = empty
    private long[] hashes; // per entry: the set's hash mixed with the state
    private int[] states;
    private int[] firsts; // firstNotRemoved
    private int[] lasts; // lastRemovedPlusOne
    private int[] wordStarts; // entry e's words are arena[wordStarts[e] .. wordStarts[e + 1])
    private long[] arena;
    private int size;

    VisitedConfigurations() {
        this(512);
    }

    /**
     * @param capacity entries held before the first resize, a power of two; small for the many
     *                 per-segment memos of a long history, most of which stay small
     */
    VisitedConfigurations(int capacity) {
        slots = new int[2 * capacity];
        hashes = new long[capacity];
        states = new int[capacity];
        firsts = new int[capacity];
        lasts = new int[capacity];
        wordStarts = new int[capacity + 1];
        arena = new long[2 * capacity];
    }

    int size() {
        return size;
    }

    /** Bytes held, for the memory budget. */
    long bytes() {
        return 4L * slots.length + (8L + 4 + 4 + 4 + 4) * hashes.length + 8L * arena.length;
    }

    /**
     * Adds the configuration unless present.
     *
     * @param setHash XOR of the per-operation hashes of the removed operations, maintained by the caller
     * @return true if it was new
     */
    boolean add(long setHash, int state, long[] bits, int firstNotRemoved, int lastRemovedPlusOne) {
        long mixed = mix(setHash, state);
        int wordFrom = firstNotRemoved >>> 6;
        int wordCount = wordCount(firstNotRemoved, lastRemovedPlusOne);
        int slot = freeSlotUnlessPresent(mixed, state, bits, firstNotRemoved, lastRemovedPlusOne);
        if (slot < 0) {
            return false;
        }
        insert(slot, mixed, state, bits, firstNotRemoved, lastRemovedPlusOne, wordFrom, wordCount);
        return true;
    }

    /** Whether the configuration is present; the arguments are those of {@link #add}. */
    boolean contains(long setHash, int state, long[] bits, int firstNotRemoved, int lastRemovedPlusOne) {
        return freeSlotUnlessPresent(mix(setHash, state), state, bits, firstNotRemoved, lastRemovedPlusOne) < 0;
    }

    private static int wordCount(int firstNotRemoved, int lastRemovedPlusOne) {
        return lastRemovedPlusOne > firstNotRemoved
                ? ((lastRemovedPlusOne - 1) >>> 6) - (firstNotRemoved >>> 6) + 1
                : 0;
    }

    /** The empty slot where the configuration would go, or -1 if it is present. */
    private int freeSlotUnlessPresent(long mixed, int state, long[] bits, int firstNotRemoved, int lastRemovedPlusOne) {
        int wordFrom = firstNotRemoved >>> 6;
        int wordTo = wordFrom + wordCount(firstNotRemoved, lastRemovedPlusOne);
        int mask = slots.length - 1;
        for (int slot = (int) mixed & mask; ; slot = (slot + 1) & mask) {
            int entry = slots[slot] - 1;
            if (entry < 0) {
                return slot;
            }
            if (hashes[entry] == mixed
                    && states[entry] == state
                    && firsts[entry] == firstNotRemoved
                    && lasts[entry] == lastRemovedPlusOne
                    && Arrays.equals(arena, wordStarts[entry], wordStarts[entry + 1], bits, wordFrom, wordTo)) {
                return -1;
            }
        }
    }

    private void insert(
            int slot, long mixed, int state, long[] bits, int first, int last, int wordFrom, int wordCount) {
        if (size + 1 == hashes.length) {
            int capacity = hashes.length * 2;
            hashes = Arrays.copyOf(hashes, capacity);
            states = Arrays.copyOf(states, capacity);
            firsts = Arrays.copyOf(firsts, capacity);
            lasts = Arrays.copyOf(lasts, capacity);
            wordStarts = Arrays.copyOf(wordStarts, capacity + 1);
        }
        int start = wordStarts[size];
        if (start + wordCount > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, start + wordCount));
        }
        System.arraycopy(bits, wordFrom, arena, start, wordCount);
        hashes[size] = mixed;
        states[size] = state;
        firsts[size] = first;
        lasts[size] = last;
        wordStarts[size + 1] = start + wordCount;
        slots[slot] = ++size;
        if (size * 2 > slots.length) {
            rehash();
        }
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int entry = 0; entry < size; entry++) {
            int slot = (int) hashes[entry] & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = entry + 1;
        }
    }

    /** Spreads hash and state over the low bits (the set hash is already random; the state is not). */
    static long mix(long setHash, int state) {
        long h = setHash ^ (state * 0x9E3779B97F4A7C15L);
        return h ^ (h >>> 29) ^ (h >>> 47);
    }
}
