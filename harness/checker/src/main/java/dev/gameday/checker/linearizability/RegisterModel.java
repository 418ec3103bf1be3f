package dev.gameday.checker.linearizability;

import dev.gameday.checker.InvalidHistoryException;
import dev.gameday.checker.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A register holding one EDN value, initially nil: {@code :read} returns it, {@code :write} sets it,
 * and in the CAS variant {@code :cas [from to]} sets it to {@code to} if it holds {@code from}.
 * A {@code :cas} that completed {@code :ok} must have found {@code from}; a {@code :fail} one is
 * removed before the search (it did not happen).
 */
public final class RegisterModel implements Model {
    private final boolean withCas;

    private RegisterModel(boolean withCas) {
        this.withCas = withCas;
    }

    /** Read and write. */
    public static RegisterModel register() {
        return new RegisterModel(false);
    }

    /** Read, write and compare-and-set. */
    public static RegisterModel casRegister() {
        return new RegisterModel(true);
    }

    @Override
    public String name() {
        return withCas ? "cas-register" : "register";
    }

    @Override
    public void validate(Operation op) throws InvalidHistoryException {
        switch (op.f()) {
            case "read", "write" -> {}
            case "cas" -> {
                if (!withCas) {
                    throw invalid(op, ":cas needs model cas-register");
                }
                if (!(op.input() instanceof List<?> pair) || pair.size() != 2) {
                    throw invalid(op, ":cas value must be a vector [from to]");
                }
            }
            default ->
                throw invalid(
                        op,
                        "unknown function :" + op.f() + " for model " + name() + " (expected :read, :write"
                                + (withCas ? ", :cas)" : ")"));
        }
    }

    @Override
    public boolean isReadOnly(Operation op) {
        return op.f().equals("read");
    }

    @Override
    public Object initialState() {
        return null;
    }

    @Override
    public boolean legal(Object state, Operation op) {
        if (!op.isOk()) {
            return true;
        }
        return switch (op.f()) {
            case "read" -> Objects.equals(state, op.output());
            case "cas" -> Objects.equals(state, casFrom(op));
            default -> true;
        };
    }

    @Override
    public Object next(Object state, Operation op) {
        return switch (op.f()) {
            case "write" -> op.input();
            // An :info cas that found another value had no effect; one that found `from` may have.
            case "cas" -> Objects.equals(state, casFrom(op)) ? ((List<?>) op.input()).get(1) : state;
            default -> state;
        };
    }

    @Override
    public boolean statesSetWholesale() {
        return true;
    }

    @Override
    public boolean mayReach(Object from, Object to) {
        return Objects.equals(from, to);
    }

    @Override
    public Object requiredState(Operation op) {
        if (!op.isOk()) {
            return NO_STATE;
        }
        return switch (op.f()) {
            case "read" -> op.output();
            case "cas" -> casFrom(op);
            default -> NO_STATE;
        };
    }

    @Override
    public Object writtenState(Operation op) {
        return switch (op.f()) {
            case "write" -> op.input();
            case "cas" -> ((List<?>) op.input()).get(1);
            default -> NO_STATE;
        };
    }

    /**
     * A write of v or a cas to v that may have happened can only be noticed by a read that returned
     * v or a cas from v: any other operation behaves the same whether or not it happened, and the
     * next write (or cas that found its expected value) hides it.
     */
    @Override
    public int[][] observersOfUnknownEffects(List<Operation> ops) {
        Map<Object, List<Integer>> observersByValue = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            Operation op = ops.get(i);
            Object observed = switch (op.f()) {
                case "read" -> op.isOk() ? op.output() : NOTHING;
                case "cas" -> casFrom(op);
                default -> NOTHING;
            };
            if (observed != NOTHING) {
                observersByValue
                        .computeIfAbsent(observed, v -> new ArrayList<>())
                        .add(i);
            }
        }
        int[][] observers = new int[ops.size()][];
        for (int i = 0; i < ops.size(); i++) {
            Operation op = ops.get(i);
            if (op.isOk() || isReadOnly(op)) {
                continue;
            }
            Object written = op.f().equals("cas") ? ((List<?>) op.input()).get(1) : op.input();
            List<Integer> found = observersByValue.getOrDefault(written, List.of());
            int[] list = new int[found.size()];
            int size = 0;
            for (int j : found) {
                if (j != i) {
                    list[size++] = j;
                }
            }
            observers[i] = size == list.length ? list : java.util.Arrays.copyOf(list, size);
        }
        return observers;
    }

    /** Marks "observes no value" in {@link #observersOfUnknownEffects} (null is a register value). */
    private static final Object NOTHING = new Object();

    private static Object casFrom(Operation op) {
        return ((List<?>) op.input()).get(0);
    }

    private static InvalidHistoryException invalid(Operation op, String message) {
        return new InvalidHistoryException("op index " + op.invokeIndex() + ": " + message);
    }
}
