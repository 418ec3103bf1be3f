package dev.gameday.checker;

import dev.gameday.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs each invocation with the next completion of the same process, as Jepsen does: a process
 * runs one operation at a time. Nemesis events are not client operations and are left out.
 * Op indexes must increase through the history: checkers take them as the real-time order.
 */
public final class OperationPairing {
    private OperationPairing() {}

    /** The client operations of a history, in invocation order. */
    public static List<Operation> pair(List<Op> history) throws InvalidHistoryException {
        List<Op> invocations = new ArrayList<>();
        Map<Op, Op> completions = new IdentityHashMap<>();
        Map<Long, Op> open = new HashMap<>();
        long previousIndex = Long.MIN_VALUE;
        for (Op op : history) {
            // Checkers read real-time order from the index, so it must follow the file order.
            if (op.index() <= previousIndex) {
                throw new InvalidHistoryException("op index " + op.index() + " does not increase (previous op has "
                        + previousIndex + "): :index must follow the order of the history");
            }
            previousIndex = op.index();
            if (op.process() == Op.NEMESIS) {
                continue;
            }
            if (op.isInvoke()) {
                Op previous = open.put(op.process(), op);
                if (previous != null) {
                    throw new InvalidHistoryException("op index " + op.index() + ": process " + op.process()
                            + " invokes :" + op.f() + " while its :" + previous.f() + " (index " + previous.index()
                            + ") has not completed");
                }
                invocations.add(op);
                continue;
            }
            Op invocation = open.remove(op.process());
            if (invocation == null) {
                throw new InvalidHistoryException(
                        "op index " + op.index() + ": :" + op.type().ednName() + " of process " + op.process()
                                + " completes nothing: the process has no open invocation");
            }
            if (!invocation.f().equals(op.f())) {
                throw new InvalidHistoryException("op index " + op.index() + ": completion :" + op.f()
                        + " does not match invocation :" + invocation.f() + " (index " + invocation.index() + ")");
            }
            completions.put(invocation, op);
        }
        List<Operation> operations = new ArrayList<>(invocations.size());
        for (Op invocation : invocations) {
            operations.add(new Operation(invocation, completions.get(invocation)));
        }
        return operations;
    }
}
