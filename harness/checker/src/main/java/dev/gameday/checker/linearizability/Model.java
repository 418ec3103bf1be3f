package dev.gameday.checker.linearizability;

import dev.gameday.checker.InvalidHistoryException;
import dev.gameday.checker.Operation;
import java.util.List;

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

    /**
     * About how many bytes {@code state} takes on the heap, for the memory budget: the search keeps
     * every state it reaches. The default fits a boxed number or a short shared value.
     */
    default long estimatedBytes(Object state) {
        return 24;
    }

    /** "No such state", from {@link #requiredState} and {@link #writtenState}. */
    Object NO_STATE = new Object() {
        @Override
        public String toString() {
            return "NO_STATE";
        }
    };

    /**
     * Whether every state change sets the state wholesale to {@link #writtenState} of the operation
     * (a register: writes and cas), so the only way to reach a state is an operation that writes it.
     * The search then cuts a configuration as soon as a remaining operation needs a state that no
     * remaining operation can write and the current state is not. False by default (a kv store's
     * appends make new states out of old ones).
     */
    default boolean statesSetWholesale() {
        return false;
    }

    /** The one state in which {@code op} is legal (an :ok read's result, an :ok cas's from), else {@link #NO_STATE}. */
    default Object requiredState(Operation op) {
        return NO_STATE;
    }

    /** The state {@code op} leaves when it changes the state (a write's value, a cas's to), else {@link #NO_STATE}. */
    default Object writtenState(Operation op) {
        return NO_STATE;
    }

    /**
     * Whether operations that do not set the state wholesale (no {@link #writtenState}) can turn
     * state {@code from} into state {@code to}: a kv store's appends only extend a value, so
     * {@code to} must start with {@code from}. The search cuts a configuration where a pending
     * operation, or the next one to return, needs a state that is out of reach this way and that no
     * remaining write could set up.
     * True by default (no cut).
     */
    default boolean mayReach(Object from, Object to) {
        return true;
    }

    /**
     * Which operations could notice the effect of each operation of unknown outcome that changes the
     * state, so the search can drop such an operation once none of them is left to linearize.
     *
     * <p>The contract, which the search's soundness rests on: let {@code u} be an operation of unknown
     * outcome and {@code O} the indexes returned for it. In any sequence of operations the model
     * accepts, if {@code u} is removed together with some other operations of unknown outcome that
     * come after it, the model still accepts the rest, unless an operation of {@code O} comes after
     * {@code u}. (A register: after a write of v, only a read returning v or a cas from v can tell it
     * happened; a later write hides it.)
     *
     * @param ops one key's operations
     * @return for each index of {@code ops}, the indexes of the operations that could notice it; null
     *         at an index whose operation must always be kept (completed ones, reads); null overall
     *         when the model cannot tell, the default
     */
    default int[][] observersOfUnknownEffects(List<Operation> ops) {
        return null;
    }
}
