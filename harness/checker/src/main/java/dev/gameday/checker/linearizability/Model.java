package dev.gameday.checker.linearizability;

import dev.gameday.checker.InvalidHistoryException;
import dev.gameday.checker.Operation;

/**
 * The sequential specification of one key: its states and which operations are legal in each.
 * States must be immutable and have value equality: the search interns them and caches transitions,
 * so {@link #legal} and {@link #next} run once per (operation, state) pair.
 */
public interface Model {

    /** The name used on the command line, e.g. {@code cas-register}. */
    String name();

    /** Rejects an operation this model does not know, e.g. a {@code :cas} given to a plain register. */
    void validate(Operation op) throws InvalidHistoryException;

    /** Whether the operation never changes the state (a read). Reads with unknown outcome constrain nothing. */
    boolean isReadOnly(Operation op);

    Object initialState();

    /**
     * Whether the operation, with the outcome the history reports, can take effect in {@code state}.
     * An operation with unknown outcome is always legal: what it returned is not known. For such an
     * operation, this and {@link #next} must depend on its function and input alone (the search
     * treats two of them with equal function and input as interchangeable).
     */
    boolean legal(Object state, Operation op);

    /** The state after a legal operation takes effect in {@code state}. */
    Object next(Object state, Operation op);
}
