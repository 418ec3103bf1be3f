package dev.gameday.checker;

import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds hand-written histories in real-time order: each call appends one event. A completion
 * repeats its process's open invocation, with the value given or, by default, the invocation's.
 */
public final class TestHistory {
    private final List<Op> ops = new ArrayList<>();
    private final Map<Long, Op> open = new HashMap<>();

    public TestHistory invoke(long process, String f, Object value) {
        return invoke(process, null, f, value);
    }

    public TestHistory invoke(long process, String key, String f, Object value) {
        Op op = new Op(ops.size(), ops.size() * 1000L, process, OpType.INVOKE, f, key, value);
        open.put(process, op);
        ops.add(op);
        return this;
    }

    /** Completes {@code process}'s operation :ok with the invocation's value (for writes). */
    public TestHistory ok(long process) {
        return complete(process, OpType.OK, open.get(process).value());
    }

    /** Completes {@code process}'s operation :ok with {@code value} (what a read returned). */
    public TestHistory ok(long process, Object value) {
        return complete(process, OpType.OK, value);
    }

    public TestHistory fail(long process) {
        return complete(process, OpType.FAIL, open.get(process).value());
    }

    public TestHistory info(long process) {
        return complete(process, OpType.INFO, open.get(process).value());
    }

    /** An operation that completes before the next one starts. */
    public TestHistory call(long process, String key, String f, Object input, Object output) {
        return invoke(process, key, f, input).ok(process, output);
    }

    private TestHistory complete(long process, OpType type, Object value) {
        Op invocation = open.remove(process);
        if (invocation == null) {
            throw new IllegalStateException("process " + process + " has no open invocation");
        }
        ops.add(invocation.complete(ops.size(), ops.size() * 1000L, type, value));
        return this;
    }

    public List<Op> ops() {
        return List.copyOf(ops);
    }

    /**
     * A history that is hard to refute: {@code writers} processes write distinct values concurrently,
     * then reads return 0, 1 and 0 again, one after another. Only writer 0 writes 0 and only writer
     * 1 writes 1, so no order works; but each of the two writes can end an order of the others, and
     * showing that none does means trying every subset of the other writes, which takes the search
     * exponential time.
     */
    public static List<Op> concurrentWritesThenImpossibleRead(int writers) {
        TestHistory history = new TestHistory();
        for (long p = 0; p < writers; p++) {
            history.invoke(p, "write", p);
        }
        for (long p = 0; p < writers; p++) {
            history.ok(p);
        }
        return history.call(writers, null, "read", null, 0L)
                .call(writers, null, "read", null, 1L)
                .call(writers, null, "read", null, 0L)
                .ops();
    }
}
