package dev.gameday.checker.linearizability;

import dev.gameday.checker.OpSummary;
import dev.gameday.checker.Operation;
import dev.gameday.checker.Verdict;
import dev.gameday.history.EdnWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The first version of the per-key search, kept only as the benchmark's baseline: the checker uses
 * {@link KeySearch}. Wing &amp; Gong's backtracking with Lowe's memo, laid out as in Porcupine.
 *
 * <p>The history is a doubly linked list of call and return entries in real-time order. The loop
 * walks it from the front: at a call it tries to linearize that operation next (the model must allow
 * it, and the resulting (linearized set, state) must be new); on success the operation's call and
 * return entries are lifted out of the list and the walk restarts from the front. Reaching a return
 * entry means the operation that returns there could not be placed before it returned, so the search
 * backtracks: it undoes the last linearization, puts its entries back, and tries the next call after it.
 *
 * <p>Operation {@code i} has call entry {@code 2i} and return entry {@code 2i+1}. An operation with
 * unknown outcome (:info, or no completion) returns at +infinity: its return entry sits at the end,
 * it may be linearized any time after its call, and the search succeeds once every :ok operation is
 * linearized, so it may also never take effect.
 */
final class KeySearchV1 {
    private static final int END = -1;
    private static final int DEADLINE_CHECK_MASK = 1023;

    private final String key;
    private final List<Operation> ops;
    private final StateTable states;
    private final int initialState;
    private final long deadlineNanos;
    private final long maxMemoryBytes;
    private final boolean memoise;

    private final int[] earlierTwin;
    private final int head;
    private final int[] next;
    private final int[] prev;

    // The deepest dead end seen, for the counterexample.
    private int bestDepth = -1;
    private int[] bestPrefix;
    private int bestState;
    private int bestUnplaceable;

    /** @param ops one key's operations, in invocation order */
    KeySearchV1(
            String key, List<Operation> ops, Model model, long deadlineNanos, long maxMemoryBytes, boolean memoise) {
        this.key = key;
        this.ops = ops;
        this.states = new StateTable(model, ops);
        this.initialState = states.intern(model.initialState());
        this.deadlineNanos = deadlineNanos;
        this.maxMemoryBytes = maxMemoryBytes;
        this.memoise = memoise;
        this.earlierTwin = KeySearch.earlierTwins(ops);
        int entries = 2 * ops.size();
        this.head = entries;
        this.next = new int[entries + 1];
        this.prev = new int[entries + 1];
        linkInRealTimeOrder();
    }

    private void linkInRealTimeOrder() {
        Integer[] order = new Integer[head];
        for (int e = 0; e < head; e++) {
            order[e] = e;
        }
        Arrays.sort(order, Comparator.comparingLong(this::entryTime).thenComparingInt(e -> e));
        int last = head;
        for (int e : order) {
            next[last] = e;
            prev[e] = last;
            last = e;
        }
        next[last] = END;
    }

    private long entryTime(int entry) {
        Operation op = ops.get(entry >> 1);
        return isCall(entry) ? op.invokeIndex() : op.completeIndex();
    }

    private static boolean isCall(int entry) {
        return (entry & 1) == 0;
    }

    KeyResult run() {
        int n = ops.size();
        int remainingOk = 0;
        boolean[] isOk = new boolean[n];
        for (int i = 0; i < n; i++) {
            isOk[i] = ops.get(i).isOk();
            remainingOk += isOk[i] ? 1 : 0;
        }
        if (remainingOk == 0) {
            return new KeyResult(Verdict.VALID, null, null, 0);
        }
        long[] zobrist = randomHashes(n);
        long[] bits = new long[(n + 63) >>> 6];
        VisitedConfigurationsV1 visited = new VisitedConfigurationsV1(bits.length);
        long maxVisited = maxMemoryBytes / visited.bytesPerEntry();
        int[] stackCall = new int[n];
        int[] stackState = new int[n];
        int depth = 0;
        int state = initialState;
        long hash = 0;
        long steps = 0;

        // Candidates for the next linearization point are the calls before the first return entry.
        // They are tried in two passes: first :ok operations, then those of unknown outcome, which
        // rarely matter and, tried first, would send the search down long detours.
        boolean unknownPass = false;
        int entry = next[head];
        while (true) {
            if ((++steps & DEADLINE_CHECK_MASK) == 0 && System.nanoTime() - deadlineNanos > 0) {
                return unknown("time limit reached", visited);
            }
            if (entry == END) {
                throw new IllegalStateException("search ran off the history with :ok operations left");
            }
            if (isCall(entry)) {
                int op = entry >> 1;
                if (isOk[op] == unknownPass || waitsForTwin(op, bits)) {
                    entry = next[entry];
                    continue;
                }
                int after = states.step(op, state);
                if (after != StateTable.ILLEGAL) {
                    bits[op >>> 6] |= 1L << op;
                    hash ^= zobrist[op];
                    if (!memoise || visited.add(bits, hash, after)) {
                        stackCall[depth] = entry;
                        stackState[depth] = state;
                        depth++;
                        state = after;
                        lift(entry);
                        if (isOk[op] && --remainingOk == 0) {
                            return new KeyResult(Verdict.VALID, null, null, visited.size());
                        }
                        if (visited.size() > maxVisited) {
                            return unknown("memory budget reached", visited);
                        }
                        unknownPass = false;
                        entry = next[head];
                        continue;
                    }
                    bits[op >>> 6] &= ~(1L << op);
                    hash ^= zobrist[op];
                }
                entry = next[entry];
            } else if (!unknownPass) {
                unknownPass = true;
                entry = next[head];
            } else {
                // No candidate works: the operation returning here cannot be placed. Backtrack.
                if (depth > bestDepth) {
                    recordDeadEnd(entry, stackCall, depth, state);
                }
                if (depth == 0) {
                    return new KeyResult(Verdict.INVALID, counterexample(), null, visited.size());
                }
                depth--;
                int call = stackCall[depth];
                int op = call >> 1;
                state = stackState[depth];
                bits[op >>> 6] &= ~(1L << op);
                hash ^= zobrist[op];
                if (isOk[op]) {
                    remainingOk++;
                }
                unlift(call);
                unknownPass = !isOk[op]; // resume the pass the undone operation was chosen in
                entry = next[call];
            }
        }
    }

    /**
     * Operations of unknown outcome with the same function and input are interchangeable: both may
     * take effect at any time after their invocations, to the same effect. So the search only ever
     * linearizes the earliest invoked of such twins first, which cuts the subsets it has to try.
     */
    private boolean waitsForTwin(int op, long[] bits) {
        int twin = earlierTwin[op];
        return twin >= 0 && (bits[twin >>> 6] & (1L << twin)) == 0;
    }

    private void lift(int call) {
        KeySearch.lift(next, prev, call);
    }

    private void unlift(int call) {
        KeySearch.unlift(next, prev, call);
    }

    private void recordDeadEnd(int returnEntry, int[] stackCall, int depth, int state) {
        bestDepth = depth;
        bestPrefix = new int[depth];
        for (int i = 0; i < depth; i++) {
            bestPrefix[i] = stackCall[i] >> 1;
        }
        bestState = state;
        bestUnplaceable = returnEntry >> 1;
    }

    private Counterexample counterexample() {
        Operation unplaceable = ops.get(bestUnplaceable);
        List<OpSummary> concurrent = new ArrayList<>();
        for (Operation op : ops) {
            boolean overlaps =
                    op.invokeIndex() < unplaceable.completeIndex() && op.completeIndex() > unplaceable.invokeIndex();
            if (op != unplaceable && overlaps) {
                concurrent.add(OpSummary.of(op));
            }
        }
        return new Counterexample(
                key,
                summaries(bestPrefix),
                EdnWriter.write(states.state(bestState)),
                OpSummary.of(unplaceable),
                concurrent);
    }

    private List<OpSummary> summaries(int[] opIds) {
        List<OpSummary> list = new ArrayList<>(opIds.length);
        for (int op : opIds) {
            list.add(OpSummary.of(ops.get(op)));
        }
        return list;
    }

    private KeyResult unknown(String reason, VisitedConfigurationsV1 visited) {
        return new KeyResult(
                Verdict.UNKNOWN,
                null,
                reason + " for key " + (key == null ? "(single register)" : key) + " after " + visited.size()
                        + " configurations",
                visited.size());
    }

    /** One random 64-bit value per operation; a set's hash is the XOR of its members' values. */
    private static long[] randomHashes(int n) {
        SplittableRandom random = new SplittableRandom(n * 0x9E3779B97F4A7C15L);
        long[] hashes = new long[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = random.nextLong();
        }
        return hashes;
    }
}
