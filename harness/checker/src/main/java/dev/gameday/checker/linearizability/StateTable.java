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
 */
final class StateTable {
    /** Returned by {@link #step} when the operation cannot take effect in the state. */
    static final int ILLEGAL = -1;
    // transitions[op][state]: 0 = not computed yet, 1 = illegal, s + 2 = next state s
    private static final int NOT_COMPUTED = 0;
    private static final int ILLEGAL_CODE = 1;

    private final Model model;
    private final List<Operation> ops;
    private final List<Object> states = new ArrayList<>();
    private final Map<Object, Integer> ids = new HashMap<>();
    private final int[][] transitions;

    StateTable(Model model, List<Operation> ops) {
        this.model = model;
        this.ops = ops;
        this.transitions = new int[ops.size()][4];
    }

    int intern(Object state) {
        Integer id = ids.get(state);
        if (id != null) {
            return id;
        }
        states.add(state);
        ids.put(state, states.size() - 1);
        return states.size() - 1;
    }

    Object state(int id) {
        return states.get(id);
    }

    /** The state after operation {@code op} takes effect in state {@code state}, or {@link #ILLEGAL}. */
    int step(int op, int state) {
        int[] row = transitions[op];
        if (state < row.length && row[state] != NOT_COMPUTED) {
            return row[state] - 2;
        }
        return compute(op, state);
    }

    private int compute(int op, int state) {
        Operation operation = ops.get(op);
        Object value = states.get(state);
        int next = model.legal(value, operation) ? intern(model.next(value, operation)) : ILLEGAL;
        int[] row = transitions[op];
        if (state >= row.length) {
            row = Arrays.copyOf(row, Math.max(state + 1, row.length * 2));
            transitions[op] = row;
        }
        row[state] = next == ILLEGAL ? ILLEGAL_CODE : next + 2;
        return next;
    }
}
