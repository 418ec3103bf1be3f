package dev.gameday.checker.linearizability;

import dev.gameday.checker.InvalidHistoryException;
import dev.gameday.checker.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * One key of a string key-value store: {@code :get} returns the value, {@code :put} replaces it,
 * {@code :append} concatenates to it. A missing key reads as the empty string, so a {@code :get}
 * that returned nil is taken to have read "".
 */
public final class KvModel implements Model {

    @Override
    public String name() {
        return "kv";
    }

    @Override
    public void validate(Operation op) throws InvalidHistoryException {
        switch (op.f()) {
            case "get" -> {
                if (op.isOk() && op.output() != null && !(op.output() instanceof String)) {
                    throw invalid(op, ":get must return a string or nil");
                }
            }
            case "put", "append" -> {
                if (!(op.input() instanceof String)) {
                    throw invalid(op, ":" + op.f() + " value must be a string");
                }
            }
            default ->
                throw invalid(op, "unknown function :" + op.f() + " for model kv (expected :get, :put, :append)");
        }
    }

    @Override
    public boolean isReadOnly(Operation op) {
        return op.f().equals("get");
    }

    @Override
    public Object initialState() {
        return "";
    }

    /**
     * A String (24 bytes) and its byte array (16 bytes of header, then one byte per character for
     * Latin-1 text, as the workloads write, rounded up to 8): each order of appends the search
     * tries is a new string as long as the value.
     */
    @Override
    public long estimatedBytes(Object state) {
        return 24 + 16 + ((((String) state).length() + 7L) & ~7L);
    }

    @Override
    public boolean legal(Object state, Operation op) {
        if (!op.isOk() || !op.f().equals("get")) {
            return true;
        }
        Object read = op.output() == null ? "" : op.output();
        return state.equals(read);
    }

    @Override
    public Object next(Object state, Operation op) {
        return switch (op.f()) {
            case "put" -> op.input();
            case "append" -> (String) state + op.input();
            default -> state;
        };
    }

    @Override
    public Object requiredState(Operation op) {
        return op.isOk() && op.f().equals("get") ? readValue(op) : NO_STATE;
    }

    @Override
    public Object writtenState(Operation op) {
        return op.f().equals("put") ? op.input() : NO_STATE;
    }

    /** Appends only extend the value. */
    @Override
    public boolean mayReach(Object from, Object to) {
        return ((String) to).startsWith((String) from);
    }

    /**
     * A put or append of s that may have happened leaves s inside the value until the next put, so
     * only a get whose result contains s can notice it; appends after it change nothing a get could
     * see until then. (Workloads append unique strings, so few gets contain any one.)
     */
    @Override
    public int[][] observersOfUnknownEffects(List<Operation> ops) {
        List<Integer> gets = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).isOk() && ops.get(i).f().equals("get")) {
                gets.add(i);
            }
        }
        int[][] observers = new int[ops.size()][];
        for (int i = 0; i < ops.size(); i++) {
            Operation op = ops.get(i);
            if (op.isOk() || isReadOnly(op)) {
                continue;
            }
            String written = (String) op.input();
            observers[i] = gets.stream()
                    .mapToInt(Integer::intValue)
                    .filter(g -> readValue(ops.get(g)).contains(written))
                    .toArray();
        }
        return observers;
    }

    private static String readValue(Operation get) {
        return get.output() == null ? "" : (String) get.output();
    }

    private static InvalidHistoryException invalid(Operation op, String message) {
        return new InvalidHistoryException("op index " + op.invokeIndex() + ": " + message);
    }
}
