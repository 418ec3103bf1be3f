package dev.gameday.checker.linearizability;

import dev.gameday.checker.OpSummary;
import dev.gameday.checker.Operation;
import dev.gameday.checker.Verdict;
import dev.gameday.history.EdnWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The linearizability search for one key: Wing &amp; Gong's backtracking with Lowe's memo, laid out as
 * in Porcupine, plus the retirement of operations of unknown outcome that nothing can notice any more.
 *
 * <p>The history is a doubly linked list of call and return entries in real-time order. The loop
 * walks it from the front: at a call it tries to linearize that operation next (the model must allow
 * it, and the resulting configuration must be new); on success the operation's call and return
 * entries are lifted out of the list and the walk restarts from the front. Reaching a return entry
 * means the operation that returns there could not be placed before it returned, so the search
 * backtracks: it undoes the last linearization, puts its entries back, and tries the next call.
 *
 * <p>Operation {@code i} has call entry {@code 2i} and return entry {@code 2i+1}. An operation with
 * unknown outcome (:info, or no completion) returns at +infinity: it may be linearized any time after
 * its call, and the search succeeds once every :ok operation is linearized, so it may never happen.
 *
 * <p><b>Why the first version collapsed, and what this one does instead.</b> Operations of unknown
 * outcome never return, so every one of them stays a candidate from its call to the end of the
 * history. With k of them pending (a partition produces hundreds), the memo of (linearized set,
 * state) holds up to 2^k sets that differ only in which of them were applied, and refuting a history
 * means visiting them all; the memo's bitsets also grew with the history, O(n) bytes per entry.
 * <ul>
 *   <li><b>Retirement.</b> The model says, for each operation of unknown outcome that changes the
 *       state, which operations could notice that it took effect ({@link
 *       Model#observersOfUnknownEffects}; for a register: reads of its value and cas from it). Only
 *       those invoked before it returns... i.e. that complete after its call, count. One that no
 *       remaining operation can notice is <em>retired</em>: removed as if it never happened, which
 *       changes no verdict (see the model's contract). Before the search this drops every
 *       unobserved timed-out write; during it, an observed one is retired as soon as its last
 *       observer is linearized, so it stops being tried at every later point.</li>
 *   <li><b>A compact memo.</b> A configuration is the set of removed (linearized or retired)
 *       operations and the state. Every operation below the first one not removed is removed, none
 *       above the last removed one is, so the memo stores only the words of the bitset between them
 *       (a word or two in practice) and, as before, hashes the set and the state together.</li>
 *   <li><b>Cuts in time, so memory follows a segment, not the history.</b> Refuting a history means
 *       showing that no configuration before the violation leads past it, and a late violation has
 *       millions of those. But a cut in time separates the past from the future: every operation
 *       that returned before the cut precedes, in any linearization, every operation invoked after
 *       it. So every path of the search to a configuration beyond a cut goes through the first
 *       configuration on it in which all the operations that returned before the cut are removed:
 *       its <em>crossing</em> of the cut, which holds all the past that matters to the future (the
 *       state, which operations in flight at the cut and which operations of unknown outcome have
 *       taken effect; retirement keeps the latter few). The memo keeps every crossing, so the
 *       search never goes past a crossing twice, and forgets the rest of a segment once the search
 *       has backtracked two segments below it ({@link SegmentedConfigurations}): the memo then
 *       holds the path's segments and the crossings, not every configuration explored. This
 *       changes no verdict, since the memo only prunes configurations already explored. The cuts
 *       are placed where few :ok operations are in flight, one every {@link #RETURNS_PER_CUT}
 *       returns; a cut at a moment where none is is the best, but real histories under load
 *       rarely have one outside partitions.</li>
 *   <li><b>Looking ahead to the next get (kv).</b> A get's value tells the order of the appends
 *       before it, but the search meets it only when it is a candidate; concurrent appends that no
 *       get sees until later would be tried in every order. After each step the search checks that
 *       the next get to return is still within reach of the state ({@link #nextNeederOutOfReach}),
 *       the kv counterpart of the registers' dead-end test.</li>
 *   <li><b>Resumable.</b> {@link #advance} runs a bounded number of steps, so the checker can
 *       interleave keys and stop every search as soon as one key is refuted, as Porcupine does with
 *       its goroutines.</li>
 * </ul>
 */
final class KeySearch {
    private static final int END = -1;
    private static final int[] NONE = new int[0];
    private static final int READS = 0;
    private static final int GUIDED = 1;
    private static final int OTHER_OK = 2;
    private static final int UNKNOWN = 3;
    /**
     * Returns of :ok operations per cut in time; histories shorter than this have no cut. Refuting
     * the nightly-sized history needed the same configurations with a cut every 128 or every 16,384
     * returns, and a memo a quarter as large at 1,024 as at 16,384.
     */
    static final int RETURNS_PER_CUT = 1024;
    /**
     * Remaining operations that need a state, in order of return, that the reach test looks past
     * when a write could still set up their state; a bound so that a step stays O(1) when many do.
     */
    private static final int NEEDERS_LOOKED_AT = 4;

    private final String key;
    private final List<Operation> ops;
    private final int droppedBeforeSearch;
    private final StateTable states;
    private final boolean[] isOk;
    private final boolean[] isRead;
    private final int[] earlierTwin;

    // Retirement: observers[u] are the operations that could notice u; observedBy[o] the u's that o could notice.
    private final int[][] observedBy;
    private final int[] observersLeft;
    private final boolean[] retirable;

    // Dead-end test for models whose states are set wholesale: per state, how many remaining
    // operations need it and how many could write it; deadStates counts states needed but unwritable.
    private final boolean stateLookahead;
    private final int[] requiredStateOf;
    private final int[] writtenStateOf;
    private int[] neededBy = new int[16];
    private int[] writableBy = new int[16];
    private int deadStates;

    // Out-of-reach test for the other models (kv): for each operation that needs a state, how many
    // remaining operations could write a state from which it is within reach.
    private final Model model;
    private final boolean reachLookahead;
    private final int[] settersLeft;
    private final int[][] needersOf;

    // Cuts in time (see the class comment): opAtRank lists the :ok operations by return, rankOf is
    // the inverse (-1 for unknown outcomes), and levelAtRank[r] is the level of a configuration whose
    // earliest-returning operation not yet removed is opAtRank[r] (r = number of :ok operations: none left).
    private final int[] opAtRank;
    private final int[] rankOf;
    private final int[] levelAtRank;
    // For the reach test: the first rank at or after r whose operation needs a state (opAtRank.length: none).
    private final int[] neederAtOrAfterRank;
    /** The operation the last reach test found out of reach, for the counterexample; -1 if none. */
    private int outOfReachNeeder = -1;

    // The list of entries still to place.
    private final int head;
    private final int[] next;
    private final int[] prev;

    // The current configuration: removed operations (bitset and its hash), state, and the bounds of the bitset.
    private final long[] zobrist;
    private final long[] removedBits;
    private long hash;
    private int state;
    private int firstNotRemoved;
    private int lastRemovedPlusOne;
    private int firstNotRemovedRank;
    private int level;

    // Every removal, in order, with what it changed, so it can be undone in reverse.
    private final int[] removedOps;
    private final int[] firstNotRemovedBefore;
    private final int[] lastRemovedPlusOneBefore;
    private final int[] firstNotRemovedRankBefore;
    private int removedCount;
    private final int[] retireQueue;

    // One frame per linearized operation: where its removals start, its call entry, the state and level before.
    private final int[] frameRemovalsStart;
    private final int[] frameCall;
    private final int[] frameState;
    private final int[] frameLevel;
    private int depth;

    private final SegmentedConfigurations visited;
    private int remainingOk;
    /** Which candidates the walk tries: {@link #READS}, {@link #GUIDED}, {@link #OTHER_OK}, then {@link #UNKNOWN}. */
    private int pass;
    /** The first pending read of the configuration, which guides the order of the other :ok operations; -1 if none. */
    private int guide = -1;

    private int entry;
    private Verdict verdict;
    private long steps;

    // The deepest dead end seen, for the counterexample.
    private int bestDepth = -1;
    private int[] bestPrefix = new int[16];
    private int lowestFrameSinceRecord;
    private int bestState;
    private int bestUnplaceable;

    /**
     * @param allOps        one key's operations, in invocation order
     * @param returnsPerCut one cut in time per this many returns of :ok operations (tests use small
     *                      numbers so that short histories have cuts)
     */
    KeySearch(String key, List<Operation> allOps, Model model, int returnsPerCut) {
        this.key = key;
        this.ops = withoutUnobservedEffects(allOps, model);
        this.droppedBeforeSearch = allOps.size() - ops.size();
        int n = ops.size();
        this.states = new StateTable(model, ops);
        this.state = states.intern(model.initialState());
        this.isOk = new boolean[n];
        this.isRead = new boolean[n];
        for (int i = 0; i < n; i++) {
            isOk[i] = ops.get(i).isOk();
            isRead[i] = isOk[i] && model.isReadOnly(ops.get(i));
            remainingOk += isOk[i] ? 1 : 0;
        }
        this.earlierTwin = earlierTwins(ops);

        int[][] observers = observersThatCanComeAfter(ops, model.observersOfUnknownEffects(ops));
        this.retirable = new boolean[n];
        this.observersLeft = new int[n];
        for (int u = 0; u < n; u++) {
            if (observers != null && observers[u] != null) {
                retirable[u] = true;
                observersLeft[u] = observers[u].length;
            }
        }
        this.observedBy = observers == null ? emptyLists(n) : invert(observers, n);

        this.model = model;
        this.stateLookahead = model.statesSetWholesale();
        this.requiredStateOf = new int[n];
        this.writtenStateOf = new int[n];
        List<Integer> needers = new ArrayList<>();
        List<Integer> setters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object required = model.requiredState(ops.get(i));
            Object written = model.writtenState(ops.get(i));
            requiredStateOf[i] = required == Model.NO_STATE ? -1 : states.intern(required);
            writtenStateOf[i] = written == Model.NO_STATE ? -1 : states.intern(written);
            if (required != Model.NO_STATE) {
                needers.add(i);
            }
            if (written != Model.NO_STATE) {
                setters.add(i);
            }
        }
        if (stateLookahead) {
            for (int i = 0; i < n; i++) {
                countRemaining(i, +1);
            }
        }
        this.reachLookahead = !stateLookahead && !needers.isEmpty();
        this.settersLeft = new int[n];
        this.needersOf = new int[n][];
        if (reachLookahead) {
            // setter w can help needer r if it can come before r and r's state is within reach of w's.
            List<List<Integer>> byWriter = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byWriter.add(null);
            }
            for (int r : needers) {
                Object required = states.state(requiredStateOf[r]);
                long completes = ops.get(r).completeIndex();
                for (int w : setters) {
                    if (w != r
                            && ops.get(w).invokeIndex() < completes
                            && model.mayReach(states.state(writtenStateOf[w]), required)) {
                        settersLeft[r]++;
                        if (byWriter.get(w) == null) {
                            byWriter.set(w, new ArrayList<>());
                        }
                        byWriter.get(w).add(r);
                    }
                }
            }
            for (int w = 0; w < n; w++) {
                needersOf[w] = byWriter.get(w) == null
                        ? new int[0]
                        : byWriter.get(w).stream().mapToInt(Integer::intValue).toArray();
            }
        }

        int entries = 2 * n;
        this.head = entries;
        this.next = new int[entries + 1];
        this.prev = new int[entries + 1];
        int[] byCompletion = linkInRealTimeOrder();
        int okCount = 0;
        for (boolean ok : isOk) {
            okCount += ok ? 1 : 0;
        }
        // :ok operations return before every operation of unknown outcome, so they come first.
        this.opAtRank = Arrays.copyOf(byCompletion, okCount);
        this.rankOf = new int[n];
        Arrays.fill(rankOf, -1);
        for (int rank = 0; rank < okCount; rank++) {
            rankOf[opAtRank[rank]] = rank;
        }
        this.levelAtRank = levelsOfCuts(returnsPerCut);
        this.neederAtOrAfterRank = new int[okCount + 1];
        neederAtOrAfterRank[okCount] = okCount;
        for (int rank = okCount - 1; rank >= 0; rank--) {
            neederAtOrAfterRank[rank] = requiredStateOf[opAtRank[rank]] >= 0 ? rank : neederAtOrAfterRank[rank + 1];
        }

        this.zobrist = randomHashes(n);
        this.removedBits = new long[(n + 63) >>> 6];
        this.removedOps = new int[n];
        this.firstNotRemovedBefore = new int[n];
        this.lastRemovedPlusOneBefore = new int[n];
        this.firstNotRemovedRankBefore = new int[n];
        this.retireQueue = new int[n];
        this.frameRemovalsStart = new int[n];
        this.frameCall = new int[n];
        this.frameState = new int[n];
        this.frameLevel = new int[n];
        this.visited = new SegmentedConfigurations();
        this.entry = next[head];
        if (remainingOk == 0) {
            verdict = Verdict.VALID;
        }
    }

    /**
     * Drops, before the search, operations of unknown outcome that no operation could notice (and,
     * in turn, those only they could notice): they are equivalent to never happening. This is the
     * same rule as retirement during the search, applied once up front so the dropped operations
     * take no room in the search's bitsets.
     */
    private static List<Operation> withoutUnobservedEffects(List<Operation> ops, Model model) {
        int[][] observers = observersThatCanComeAfter(ops, model.observersOfUnknownEffects(ops));
        if (observers == null) {
            return ops;
        }
        int n = ops.size();
        int[] left = new int[n];
        int[][] observedBy = invert(observers, n);
        boolean[] dropped = new boolean[n];
        int[] queue = new int[n];
        int queued = 0;
        for (int u = 0; u < n; u++) {
            if (observers[u] != null) {
                left[u] = observers[u].length;
                if (left[u] == 0) {
                    dropped[u] = true;
                    queue[queued++] = u;
                }
            }
        }
        for (int i = 0; i < queued; i++) {
            for (int u : observedBy[queue[i]]) {
                if (--left[u] == 0 && !dropped[u]) {
                    dropped[u] = true;
                    queue[queued++] = u;
                }
            }
        }
        if (queued == 0) {
            return ops;
        }
        List<Operation> kept = new ArrayList<>(n - queued);
        for (int i = 0; i < n; i++) {
            if (!dropped[i]) {
                kept.add(ops.get(i));
            }
        }
        return kept;
    }

    private static int[][] emptyLists(int n) {
        int[][] lists = new int[n][];
        Arrays.fill(lists, NONE);
        return lists;
    }

    /** For each operation o, the operations u whose observers include o. */
    private static int[][] invert(int[][] observers, int n) {
        int[] counts = new int[n];
        for (int[] list : observers) {
            if (list != null) {
                for (int o : list) {
                    counts[o]++;
                }
            }
        }
        int[][] inverted = new int[n][];
        for (int o = 0; o < n; o++) {
            inverted[o] = counts[o] == 0 ? NONE : new int[counts[o]];
        }
        for (int u = 0; u < n; u++) {
            if (observers[u] != null) {
                for (int o : observers[u]) {
                    inverted[o][--counts[o]] = u;
                }
            }
        }
        return inverted;
    }

    /**
     * The model's observers, less those that completed before the operation was even invoked: they
     * cannot be linearized after it, so cannot notice it.
     */
    private static int[][] observersThatCanComeAfter(List<Operation> ops, int[][] observers) {
        if (observers == null) {
            return null;
        }
        int[][] filtered = new int[ops.size()][];
        for (int u = 0; u < ops.size(); u++) {
            int[] all = observers[u];
            if (all == null) {
                continue;
            }
            long invoked = ops.get(u).invokeIndex();
            int kept = 0;
            int[] some = new int[all.length];
            for (int o : all) {
                if (ops.get(o).completeIndex() > invoked) {
                    some[kept++] = o;
                }
            }
            filtered[u] = kept == all.length ? some : Arrays.copyOf(some, kept);
        }
        return filtered;
    }

    /**
     * Links the entries in real-time order: calls are already in invocation order, returns are sorted
     * by completion (unknown outcomes last, in invocation order), and the two are merged.
     *
     * @return the operations in the order of their returns
     */
    private int[] linkInRealTimeOrder() {
        int n = ops.size();
        Integer[] byCompletion = new Integer[n];
        for (int i = 0; i < n; i++) {
            byCompletion[i] = i;
        }
        Arrays.sort(
                byCompletion,
                Comparator.comparingLong((Integer i) -> ops.get(i).completeIndex())
                        .thenComparingInt(i -> i));
        int last = head;
        int call = 0;
        int ret = 0;
        while (call < n || ret < n) {
            int entry;
            if (ret == n || (call < n && entryTime(2 * call) <= entryTime(2 * byCompletion[ret] + 1))) {
                entry = 2 * call++;
            } else {
                entry = 2 * byCompletion[ret++] + 1;
            }
            next[last] = entry;
            prev[entry] = last;
            last = entry;
        }
        next[last] = END;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = byCompletion[i];
        }
        return order;
    }

    /**
     * Places the cuts and gives {@link #levelAtRank}: one cut in each run of {@code returnsPerCut}
     * returns of :ok operations, after the return that leaves the fewest :ok operations in flight.
     * Any place is sound; this one keeps the number of different crossings small, since a crossing
     * differs from another by which of the operations in flight it has linearized.
     */
    private int[] levelsOfCuts(int returnsPerCut) {
        int okCount = opAtRank.length;
        int[] inFlightAfter = new int[okCount];
        int inFlight = 0;
        for (int e = next[head]; e != END; e = next[e]) {
            int op = e >> 1;
            if (isOk[op]) {
                inFlight += isCall(e) ? 1 : -1;
                if (!isCall(e)) {
                    inFlightAfter[rankOf[op]] = inFlight;
                }
            }
        }
        boolean[] cutBeforeRank = new boolean[okCount + 1];
        // No cut after the last return: a configuration past it has every :ok operation linearized.
        for (int from = 0; from + returnsPerCut < okCount; from += returnsPerCut) {
            int best = from;
            for (int rank = from + 1; rank < from + returnsPerCut; rank++) {
                if (inFlightAfter[rank] < inFlightAfter[best]) {
                    best = rank;
                }
            }
            cutBeforeRank[best + 1] = true;
        }
        int[] levels = new int[okCount + 1];
        int cutsPassed = 0;
        for (int rank = 0; rank <= okCount; rank++) {
            cutsPassed += cutBeforeRank[rank] ? 1 : 0;
            levels[rank] = cutsPassed;
        }
        return levels;
    }

    private long entryTime(int entry) {
        Operation op = ops.get(entry >> 1);
        return isCall(entry) ? op.invokeIndex() : op.completeIndex();
    }

    private static boolean isCall(int entry) {
        return (entry & 1) == 0;
    }

    String key() {
        return key;
    }

    /** The verdict once decided (VALID or INVALID), else null. */
    Verdict verdict() {
        return verdict;
    }

    long steps() {
        return steps;
    }

    /** Configurations added to the memo, including those it has since forgotten. */
    long configurationsVisited() {
        return visited.added();
    }

    /**
     * Estimated bytes of what grows as the search goes on, for the memory budget: the memo, the
     * model states reached and the transition cache ({@link StateTable}), and the counterexample's
     * record of the deepest dead end. The arrays sized by the history, made once before the search,
     * are not counted: the history they index takes more.
     */
    long bytesHeld() {
        return visited.bytes()
                + states.stateBytes()
                + states.transitionBytes()
                + 4L * bestPrefix.length
                + 8L * neededBy.length;
    }

    /** What {@link #bytesHeld} adds up, and the budget it was held against, for an UNKNOWN reason. */
    String memoryHeld(long budgetBytes) {
        return String.format(
                "~%.0f MB (memo %.0f MB, %d model states %.0f MB, transition cache %.0f MB; budget %.0f MB for all keys)",
                bytesHeld() / 1e6,
                visited.bytes() / 1e6,
                states.stateCount(),
                states.stateBytes() / 1e6,
                states.transitionBytes() / 1e6,
                budgetBytes / 1e6);
    }

    /** Operations of unknown outcome dropped before the search because nothing could notice them. */
    int droppedBeforeSearch() {
        return droppedBeforeSearch;
    }

    /**
     * Where the search is, for an UNKNOWN reason: the operation at the current entry, and the first
     * operation not yet linearized (everything before it is), both as history indexes.
     */
    String position() {
        String at = entry == END ? "the end" : "op index " + ops.get(entry >> 1).invokeIndex();
        String frontier = firstNotRemoved < ops.size()
                ? ", every op before index " + ops.get(firstNotRemoved).invokeIndex() + " linearized"
                : "";
        return "stopped at " + at + frontier + ", " + depth + " of " + ops.size() + " ops placed";
    }

    /**
     * Runs at most {@code maxSteps} steps of the search.
     *
     * @return the verdict if decided by now, else null
     */
    Verdict advance(long maxSteps) {
        long stopAt = steps + maxSteps;
        while (verdict == null && steps < stopAt) {
            steps++;
            step();
        }
        return verdict;
    }

    /**
     * One move of the walk. Candidates for the next linearization point are the calls before the first
     * return entry. They are tried in four passes over them, and the next pass starts when the walk
     * reaches that return entry:
     * <ol>
     *   <li>:ok reads. A read that the state allows can be linearized right now without losing any
     *       solution: moving it to the front of a linearization found later changes no state and
     *       breaks no real-time order, since it is a candidate. So it is a forced move: if the search
     *       comes back to it, the configuration before it fails too, and nothing else is tried there.</li>
     *   <li>Other :ok operations (writes, cas, appends) that keep the first pending read possible
     *       (see {@link #passOf}): real choices, the likely ones first.</li>
     *   <li>The remaining :ok operations.</li>
     *   <li>Operations of unknown outcome, which rarely matter and, tried first, would send the search
     *       down long detours.</li>
     * </ol>
     */
    private void step() {
        if (entry == END) {
            throw new IllegalStateException("search ran off the history with :ok operations left");
        }
        if (isCall(entry)) {
            int op = entry >> 1;
            if (!triedInThisPass(op) || waitsForTwin(op)) {
                entry = next[entry];
                return;
            }
            int after = states.step(op, state);
            if (after == StateTable.ILLEGAL && isOk[op] && outOfReach(op)) {
                // This operation must still be linearized and never can be: the configuration fails.
                backtrack();
                return;
            }
            if (after != StateTable.ILLEGAL) {
                int removalsStart = removedCount;
                remove(op);
                retireUnnoticeable(removalsStart);
                boolean dead = deadEnd(after);
                if (dead && depth + 1 > bestDepth) {
                    recordCutAfter(op, after);
                }
                int levelAfter = levelAtRank[firstNotRemovedRank];
                if (!dead
                        && visited.add(
                                levelAfter,
                                levelAfter > level,
                                hash,
                                after,
                                removedBits,
                                firstNotRemoved,
                                lastRemovedPlusOne)) {
                    frameRemovalsStart[depth] = removalsStart;
                    frameCall[depth] = entry;
                    frameState[depth] = state;
                    frameLevel[depth] = level;
                    depth++;
                    state = after;
                    level = levelAfter;
                    if (isOk[op] && --remainingOk == 0) {
                        verdict = Verdict.VALID;
                        return;
                    }
                    pass = READS;
                    entry = next[head];
                    return;
                }
                undoRemovals(removalsStart);
                if (isRead[op]) {
                    // A forced move that leads to a dead end or to a configuration already explored:
                    // this configuration fails as well.
                    backtrack();
                    return;
                }
            }
            entry = next[entry];
        } else if (pass != UNKNOWN) {
            pass++;
            if (pass == GUIDED) {
                guide = firstPendingRead();
            }
            entry = next[head];
        } else {
            // No candidate works: the operation returning here cannot be placed.
            if (depth > bestDepth) {
                recordDeadEnd(entry);
            }
            backtrack();
        }
    }

    /**
     * The pass in which an operation is tried. Among :ok operations that change the state, those
     * after which the first pending read's result is still within reach come first (a register:
     * the write of the value it read; a kv store: the append whose string comes next in it): the
     * order in which a valid history's writes happened is usually the one the reads saw. Only the
     * order changes: every candidate is tried in exactly one pass, as {@link #guide} is fixed by the
     * configuration.
     */
    private int passOf(int op) {
        if (isRead[op]) {
            return READS;
        }
        if (!isOk[op]) {
            return UNKNOWN;
        }
        if (guide < 0 || (!stateLookahead && !reachLookahead)) {
            return GUIDED;
        }
        int after = states.step(op, state);
        return after != StateTable.ILLEGAL && model.mayReach(states.state(after), states.state(requiredStateOf[guide]))
                ? GUIDED
                : OTHER_OK;
    }

    /** Whether the current pass tries {@code op}; cheaper than {@link #passOf} where the kind of operation decides. */
    private boolean triedInThisPass(int op) {
        return switch (pass) {
            case READS -> isRead[op];
            case UNKNOWN -> !isOk[op];
            default -> isOk[op] && !isRead[op] && passOf(op) == pass;
        };
    }

    /** The first read among the candidates (calls before the first return entry) that needs a state. */
    private int firstPendingRead() {
        for (int e = next[head]; e != END && isCall(e); e = next[e]) {
            int op = e >> 1;
            if (isRead[op] && requiredStateOf[op] >= 0) {
                return op;
            }
        }
        return -1;
    }

    /** Undoes the last linearization and resumes after it; past a forced read, undoes one more. */
    private void backtrack() {
        while (true) {
            if (depth == 0) {
                verdict = Verdict.INVALID;
                return;
            }
            depth--;
            lowestFrameSinceRecord = Math.min(lowestFrameSinceRecord, depth);
            int call = frameCall[depth];
            int op = call >> 1;
            state = frameState[depth];
            level = frameLevel[depth];
            // The search gets two or more levels above this one again only through crossings,
            // which the memo keeps, so the interiors up there can go; the interior of the level
            // just above stays, shared by the crossings into it still to be found from here.
            visited.forgetInteriorsAbove(level + 1);
            undoRemovals(frameRemovalsStart[depth]);
            if (isOk[op]) {
                remainingOk++;
            }
            if (!isRead[op]) {
                guide = firstPendingRead();
                pass = passOf(op); // resume the pass the undone operation was chosen in
                entry = next[call];
                return;
            }
        }
    }

    /**
     * Adds {@code delta} to the counts of remaining operations that need or write states, keeping
     * {@link #deadStates} (states some remaining operation needs and none can write) up to date.
     */
    private void countRemaining(int op, int delta) {
        int required = requiredStateOf[op];
        int written = writtenStateOf[op];
        int top = Math.max(required, written);
        if (top >= neededBy.length) {
            int capacity = Math.max(top + 1, 2 * neededBy.length);
            neededBy = Arrays.copyOf(neededBy, capacity);
            writableBy = Arrays.copyOf(writableBy, capacity);
        }
        if (required >= 0) {
            boolean wasDead = isDead(required);
            neededBy[required] += delta;
            deadStates += (isDead(required) ? 1 : 0) - (wasDead ? 1 : 0);
        }
        if (written >= 0) {
            boolean wasDead = isDead(written);
            writableBy[written] += delta;
            deadStates += (isDead(written) ? 1 : 0) - (wasDead ? 1 : 0);
        }
    }

    private boolean isDead(int stateId) {
        return stateId < neededBy.length && neededBy[stateId] > 0 && writableBy[stateId] == 0;
    }

    /**
     * Whether no continuation can succeed from the current removals and {@code stateAfter}. Models
     * that set states wholesale (registers): some remaining operation needs a state that no remaining
     * operation can write, and the register is not in it now (it could only get there by a write).
     * The others (kv): {@link #nextNeederOutOfReach}.
     */
    private boolean deadEnd(int stateAfter) {
        return stateLookahead ? deadStates > (isDead(stateAfter) ? 1 : 0) : nextNeederOutOfReach(stateAfter);
    }

    /**
     * For models whose states are not set wholesale (kv): whether the next operation to return that
     * needs a state (a get), if no remaining write (put) could set up a state within reach of that
     * one, needs a state out of reach of {@code stateAfter}. It must still be linearized, and the
     * operations before it can only move the state along (appends only extend it), so the
     * configuration fails. The same test as {@link #outOfReach}, made as soon as the state changes
     * rather than when the walk reaches that operation's call, which may not even be invoked yet: in
     * a run of concurrent appends that no get sees until a later one, it refutes a wrong order at its
     * first wrong append, where the walk would first try every order of the appends after it. Gets
     * that a remaining put could still serve are passed over, {@link #NEEDERS_LOOKED_AT} at most.
     */
    private boolean nextNeederOutOfReach(int stateAfter) {
        outOfReachNeeder = -1;
        if (!reachLookahead) {
            return false;
        }
        int looked = 0;
        for (int rank = neederAtOrAfterRank[firstNotRemovedRank];
                rank < opAtRank.length && looked < NEEDERS_LOOKED_AT;
                rank = neederAtOrAfterRank[rank + 1]) {
            int needer = opAtRank[rank];
            if (isRemoved(needer)) {
                continue;
            }
            if (settersLeft[needer] == 0) {
                if (!model.mayReach(states.state(stateAfter), states.state(requiredStateOf[needer]))) {
                    outOfReachNeeder = needer;
                    return true;
                }
                return false;
            }
            looked++;
        }
        return false;
    }

    /**
     * Whether {@code op}, which the current state does not allow, never can be allowed: the state it
     * needs is out of reach from here and no remaining write could set up a state it is within reach of.
     */
    private boolean outOfReach(int op) {
        return reachLookahead
                && requiredStateOf[op] >= 0
                && settersLeft[op] == 0
                && !model.mayReach(states.state(state), states.state(requiredStateOf[op]));
    }

    /** Marks an operation removed (linearized or retired): bitset, hash, bounds, list, observer counts. */
    private void remove(int op) {
        removedOps[removedCount] = op;
        firstNotRemovedBefore[removedCount] = firstNotRemoved;
        lastRemovedPlusOneBefore[removedCount] = lastRemovedPlusOne;
        firstNotRemovedRankBefore[removedCount] = firstNotRemovedRank;
        removedCount++;
        removedBits[op >>> 6] |= 1L << op;
        hash ^= zobrist[op];
        lastRemovedPlusOne = Math.max(lastRemovedPlusOne, op + 1);
        if (op == firstNotRemoved) {
            firstNotRemoved = nextNotRemoved(op + 1);
        }
        if (rankOf[op] == firstNotRemovedRank) {
            // Operations in flight may have been linearized before this one returned: skip them too.
            while (firstNotRemovedRank < opAtRank.length && isRemoved(opAtRank[firstNotRemovedRank])) {
                firstNotRemovedRank++;
            }
        }
        lift(op << 1);
        for (int u : observedBy[op]) {
            observersLeft[u]--;
        }
        if (stateLookahead) {
            countRemaining(op, -1);
        }
        if (reachLookahead) {
            for (int r : needersOf[op]) {
                settersLeft[r]--;
            }
        }
    }

    /**
     * Retires every operation of unknown outcome that the removals since {@code removalsStart} left
     * without an observer, and in turn those that only the retired ones could notice.
     */
    private void retireUnnoticeable(int removalsStart) {
        int queued = 0;
        for (int i = removalsStart; i < removedCount; i++) {
            for (int u : observedBy[removedOps[i]]) {
                if (observersLeft[u] == 0 && !isRemoved(u)) {
                    retireQueue[queued++] = u;
                }
            }
            // Removals appended below are scanned by this same loop, which gives the cascade.
            while (queued > 0) {
                int u = retireQueue[--queued];
                if (!isRemoved(u)) {
                    remove(u);
                }
            }
        }
    }

    private void undoRemovals(int downTo) {
        while (removedCount > downTo) {
            removedCount--;
            int op = removedOps[removedCount];
            for (int u : observedBy[op]) {
                observersLeft[u]++;
            }
            if (stateLookahead) {
                countRemaining(op, +1);
            }
            if (reachLookahead) {
                for (int r : needersOf[op]) {
                    settersLeft[r]++;
                }
            }
            unlift(op << 1);
            removedBits[op >>> 6] &= ~(1L << op);
            hash ^= zobrist[op];
            firstNotRemoved = firstNotRemovedBefore[removedCount];
            lastRemovedPlusOne = lastRemovedPlusOneBefore[removedCount];
            firstNotRemovedRank = firstNotRemovedRankBefore[removedCount];
        }
    }

    private boolean isRemoved(int op) {
        return (removedBits[op >>> 6] & (1L << op)) != 0;
    }

    private int nextNotRemoved(int from) {
        int n = ops.size();
        for (int word = from >>> 6; word < removedBits.length; word++) {
            long notRemoved = ~removedBits[word];
            if (word == from >>> 6) {
                notRemoved &= -1L << from; // ignore bits below `from`
            }
            if (notRemoved != 0) {
                return Math.min(n, (word << 6) + Long.numberOfTrailingZeros(notRemoved));
            }
        }
        return n;
    }

    /**
     * Operations of unknown outcome with the same function and input are interchangeable: both may
     * take effect at any time after their invocations, to the same effect. So the search only ever
     * linearizes the earliest invoked of such twins first, which cuts the subsets it has to try. A
     * retired twin no longer takes part, so it no longer holds the later one back.
     */
    private boolean waitsForTwin(int op) {
        int twin = earlierTwin[op];
        return twin >= 0 && !isRemoved(twin);
    }

    /** For each operation of unknown outcome, the latest one invoked before it with equal function and input. */
    static int[] earlierTwins(List<Operation> ops) {
        record Effect(String f, Object input) {}
        int[] twins = new int[ops.size()];
        Map<Effect, Integer> latest = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            Operation op = ops.get(i);
            Integer twin = op.isOk() ? null : latest.put(new Effect(op.f(), op.input()), i);
            twins[i] = twin == null ? -1 : twin;
        }
        return twins;
    }

    private void lift(int call) {
        lift(next, prev, call);
    }

    private void unlift(int call) {
        unlift(next, prev, call);
    }

    /** Removes an operation's call and return entries from the list {@code next}/{@code prev}. Shared with the first version. */
    static void lift(int[] next, int[] prev, int call) {
        unlink(next, prev, call);
        unlink(next, prev, call + 1);
    }

    /** Puts back what {@link #lift} removed, in reverse order, so the links are as they were. */
    static void unlift(int[] next, int[] prev, int call) {
        relink(next, prev, call + 1);
        relink(next, prev, call);
    }

    private static void unlink(int[] next, int[] prev, int entry) {
        next[prev[entry]] = next[entry];
        if (next[entry] != END) {
            prev[next[entry]] = prev[entry];
        }
    }

    private static void relink(int[] next, int[] prev, int entry) {
        next[prev[entry]] = entry;
        if (next[entry] != END) {
            prev[next[entry]] = entry;
        }
    }

    /**
     * Records, for the counterexample, a configuration that the dead-end test cut right after
     * linearizing {@code op}: the operation that can no longer be placed is the one the reach test
     * found, or the first remaining one that needs a state nothing can write any more. One that
     * needs the state the register is in now is not stuck (it may still be placed before the next
     * write), so it is not the one to name.
     */
    private void recordCutAfter(int op, int stateAfter) {
        int stuck = outOfReachNeeder;
        for (int e = next[head]; e != END && stuck < 0; e = next[e]) {
            int candidate = e >> 1;
            int required = requiredStateOf[candidate];
            if (isCall(e) && required >= 0 && required != stateAfter && isDead(required)) {
                stuck = candidate;
            }
        }
        if (stuck < 0) {
            return;
        }
        int stateBefore = state;
        frameCall[depth] = op << 1;
        depth++;
        state = stateAfter;
        recordDeadEnd((stuck << 1) + 1);
        depth--;
        lowestFrameSinceRecord = Math.min(lowestFrameSinceRecord, depth);
        state = stateBefore;
    }

    /**
     * Keeps the deepest dead end for the counterexample. Only frames at or above {@link
     * #lowestFrameSinceRecord} can differ from the ones recorded last, so a search that goes steadily
     * deeper copies a few frames per dead end, not its whole stack.
     */
    private void recordDeadEnd(int returnEntry) {
        if (bestPrefix.length < depth) {
            bestPrefix = Arrays.copyOf(bestPrefix, Math.max(depth, 2 * bestPrefix.length));
        }
        for (int i = Math.min(lowestFrameSinceRecord, Math.max(bestDepth, 0)); i < depth; i++) {
            bestPrefix[i] = frameCall[i] >> 1;
        }
        lowestFrameSinceRecord = depth;
        bestDepth = depth;
        bestState = state;
        bestUnplaceable = returnEntry >> 1;
    }

    Counterexample counterexample() {
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
                summaries(Arrays.copyOf(bestPrefix, Math.max(bestDepth, 0))),
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
