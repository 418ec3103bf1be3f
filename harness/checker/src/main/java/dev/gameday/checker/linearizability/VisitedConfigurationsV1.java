package dev.gameday.checker.linearizability;

import java.util.Arrays;

/**
 * The memo of {@link KeySearchV1} (the benchmark's baseline), keyed on the whole bitset. The memo of
 * the search: every (set of linearized operations, state) pair already explored. Two
 * paths that linearized the same operations into the same state have the same future, so the
 * second one is cut (Lowe's improvement to Wing &amp; Gong).
 *
 * <p>Open addressing over flat arrays: the bitsets of all entries live in one {@code long[]} arena,
 * so adding an entry allocates nothing but the occasional resize.
 */
final class VisitedConfigurationsV1 {
    private final int words;
    private int[] slots; // entry number + 1; 0 = empty
    private long[] hashes; // per entry
    private int[] states; // per entry
    private long[] bitsArena; // per entry, `words` longs
    private int size;

    VisitedConfigurationsV1(int words) {
        this.words = words;
        this.slots = new int[1024];
        this.hashes = new long[512];
        this.states = new int[512];
        this.bitsArena = new long[512 * words];
    }

    int size() {
        return size;
    }

    /** Bytes held per entry, for the memory budget. */
    long bytesPerEntry() {
        return 8L * words + 8 + 4 + 2 * 4; // bitset, hash, state, two slots at load <= 1/2
    }

    /**
     * Adds the configuration unless present.
     *
     * @param hash XOR of the per-operation hashes of the set bits, maintained by the caller
     * @return true if it was new
     */
    boolean add(long[] bits, long hash, int state) {
        long mixed = VisitedConfigurations.mix(hash, state);
        int mask = slots.length - 1;
        for (int slot = (int) mixed & mask; ; slot = (slot + 1) & mask) {
            int entry = slots[slot] - 1;
            if (entry < 0) {
                insert(slot, bits, hash, state);
                return true;
            }
            if (hashes[entry] == hash && states[entry] == state && sameBits(entry, bits)) {
                return false;
            }
        }
    }

    private boolean sameBits(int entry, long[] bits) {
        return Arrays.equals(bitsArena, entry * words, entry * words + words, bits, 0, words);
    }

    private void insert(int slot, long[] bits, long hash, int state) {
        if (size == hashes.length) {
            int capacity = size * 2;
            hashes = Arrays.copyOf(hashes, capacity);
            states = Arrays.copyOf(states, capacity);
            bitsArena = Arrays.copyOf(bitsArena, capacity * words);
        }
        hashes[size] = hash;
        states[size] = state;
        System.arraycopy(bits, 0, bitsArena, size * words, words);
        slots[slot] = ++size;
        if (size * 2 > slots.length) {
            rehash();
        }
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int entry = 0; entry < size; entry++) {
            int slot = (int) VisitedConfigurations.mix(hashes[entry], states[entry]) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = entry + 1;
        }
    }
}
