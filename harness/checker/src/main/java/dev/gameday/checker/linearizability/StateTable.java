package dev.gameday.checker.linearizability;

import dev.gameday.checker.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives each model state a small int and caches the model's transitions per (operation, state), so
 * the search loop compares ints and never calls the model twice for the same step.
 *
 * <p>The cache is one open-addressing table keyed on (operation, state) rather than a row per
 * operation indexed by state: a register history has about as many states as writes, so rows would
 * take operations x states ints, most of them never used.
 *
 * <p>It grows with the search, not with the history: a kv search that tries appends in many orders
 * makes a new string for every order, and caches several transitions per configuration. On a kv
 * history with 25 clients per key it held about seven times the memo's bytes, so {@link #bytes}
 * estimates what it holds for the memory budget.
 */
final class StateTable {
    /** Returned by {@link #step} when the operation cannot take effect in the state. */
    static final int ILLEGAL = -1;

    private static final long EMPTY = -1L;
    /**
     * Bytes per interned state besides the state itself: its HashMap node (32), boxed id (16), and
     * its share of the map's table and of the list's array, which grow by doubling (about 16).
     */
    private static final long BYTES_PER_STATE = 64;

    private final Model model;
    private final List<Operation> ops;
    private final List<Object> states = new ArrayList<>();
    private final Map<Object, Integer> ids = new HashMap<>();

    private long[] keys = new long[1024]; // (op << 32 | state), EMPTY when the slot is free
    private int[] nextStates = new int[1024];
    private int size;
    /** Estimated bytes of the interned states, with their entries in {@link #states} and {@link #ids}. */
    private long stateBytes;

    StateTable(Model model, List<Operation> ops) {
        this.model = model;
        this.ops = ops;
        Arrays.fill(keys, EMPTY);
    }

    int intern(Object state) {
        Integer id = ids.get(state);
        if (id != null) {
            return id;
        }
        states.add(state);
        ids.put(state, states.size() - 1);
        stateBytes += BYTES_PER_STATE + model.estimatedBytes(state);
        return states.size() - 1;
    }

    Object state(int id) {
        return states.get(id);
    }

    int stateCount() {
        return states.size();
    }

    /** Estimated bytes of the interned states. */
    long stateBytes() {
        return stateBytes;
    }

    /** Bytes of the transition cache's arrays. */
    long transitionBytes() {
        return (8L + 4) * keys.length;
    }

    /** The state after operation {@code op} takes effect in state {@code state}, or {@link #ILLEGAL}. */
    int step(int op, int state) {
        long key = ((long) op << 32) | state;
        int mask = keys.length - 1;
        for (int slot = spread(key) & mask; ; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return nextStates[slot];
            }
            if (keys[slot] == EMPTY) {
                int next = compute(op, state);
                put(key, next);
                return next;
            }
        }
    }

    private int compute(int op, int state) {
        Operation operation = ops.get(op);
        Object value = states.get(state);
        return model.legal(value, operation) ? intern(model.next(value, operation)) : ILLEGAL;
    }

    private void put(long key, int next) {
        if (2 * (size + 1) > keys.length) {
            long[] oldKeys = keys;
            int[] oldNext = nextStates;
            keys = new long[oldKeys.length * 2];
            nextStates = new int[oldKeys.length * 2];
            Arrays.fill(keys, EMPTY);
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != EMPTY) {
                    put(oldKeys[i], oldNext[i]);
                }
            }
        }
        int mask = keys.length - 1;
        int slot = spread(key) & mask;
        while (keys[slot] != EMPTY) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        nextStates[slot] = next;
        size++;
    }

    private static int spread(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
