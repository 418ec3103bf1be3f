package dev.gameday.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.history.EdnWriter;
import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import dev.gameday.report.html.ReportData.CounterexampleView;
import dev.gameday.report.html.ReportData.Lane;
import dev.gameday.report.html.ReportData.LaneOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A linearizability counterexample drawn the way Porcupine does: the failing key's operations from history.edn,
 * one lane per process, each a bar from invocation to completion. The window is the operation that cannot be
 * placed, the operations concurrent with it and the last few of the longest order the checker found; every op on
 * the key that overlaps that window is drawn.
 */
public final class CounterexampleLanes {
    /** How many ops of the checker's longest order lead into the window: enough to see the state being set. */
    static final int PREFIX_TAIL = 6;
    /** More bars than this are unreadable; the window is narrowed to the ops nearest the unplaceable one. */
    static final int MAX_OPS = 150;

    private CounterexampleLanes() {}

    private record KeyOp(Op invocation, Op completion) {
        double start() {
            return invocation.timeNanos() / 1e9;
        }

        Double end() {
            return completion == null || completion.type() == OpType.INFO ? null : completion.timeNanos() / 1e9;
        }

        /**
         * When the client stopped waiting: its completion, whatever the outcome. An op of unknown outcome may take
         * effect later still, but one the client gave up on long before the window only clutters it.
         */
        double lastSeen() {
            return completion == null ? Double.MAX_VALUE : completion.timeNanos() / 1e9;
        }
    }

    /** @param counterexample results.json's {@code linearizability.counterexample}; null or missing: none */
    public static CounterexampleView of(JsonNode counterexample, List<Op> history) {
        if (counterexample == null || !counterexample.isObject()) {
            return null;
        }
        String key = counterexample.path("key").isTextual()
                ? counterexample.get("key").asText()
                : null;
        JsonNode unplaceable = counterexample.path("unplaceable");
        long unplaceableIndex = unplaceable.path("invokeIndex").asLong(-1);
        Set<Long> concurrent = new HashSet<>();
        List<String> concurrentText = new ArrayList<>();
        counterexample.path("concurrent").forEach(op -> {
            concurrent.add(op.path("invokeIndex").asLong());
            concurrentText.add(summary(op));
        });
        Set<Long> focus = new HashSet<>(concurrent);
        focus.add(unplaceableIndex);
        JsonNode prefix = counterexample.path("longestLinearizedPrefix");
        Map<Long, Integer> prefixPosition = new HashMap<>();
        for (int i = 0; i < prefix.size(); i++) {
            prefixPosition.put(prefix.get(i).path("invokeIndex").asLong(), i + 1);
        }
        for (int i = Math.max(0, prefix.size() - PREFIX_TAIL); i < prefix.size(); i++) {
            focus.add(prefix.get(i).path("invokeIndex").asLong());
        }

        List<KeyOp> keyOps = opsOnKey(history, key);
        // Concurrent as the Counterexample defines it: the interval overlaps the unplaceable op's. The checker's
        // list may leave some out; the picture shows every one.
        keyOps.stream()
                .filter(op -> op.invocation().index() == unplaceableIndex)
                .findFirst()
                .ifPresent(u -> {
                    double uEnd = u.end() != null ? u.end() : Double.MAX_VALUE;
                    keyOps.stream()
                            .filter(op -> op != u
                                    && op.start() <= uEnd
                                    && op.lastSeen() >= u.start()
                                    && (op.end() == null || op.end() >= u.start()))
                            .forEach(op -> concurrent.add(op.invocation().index()));
                });
        double from = Double.MAX_VALUE;
        double to = -Double.MAX_VALUE;
        for (KeyOp op : keyOps) {
            if (focus.contains(op.invocation().index())) {
                from = Math.min(from, op.start());
                to = Math.max(to, op.end() != null ? op.end() : op.start());
            }
        }
        if (from > to) {
            return new CounterexampleView(
                    key,
                    counterexample.path("stateAfterPrefix").asText(null),
                    summary(unplaceable),
                    concurrentText,
                    0,
                    0,
                    List.of(),
                    keyOps.size());
        }
        // Ops that never completed stretch to the window's end; give them, and the last op, room to be seen.
        to += Math.max(0.05, (to - from) * 0.05);
        List<KeyOp> shown = new ArrayList<>();
        for (KeyOp op : keyOps) {
            boolean overlaps = op.start() <= to && op.lastSeen() >= from;
            if (overlaps) {
                shown.add(op);
            }
        }
        if (shown.size() > MAX_OPS) {
            shown = nearest(shown, unplaceableIndex, focus);
        }
        Map<Long, List<LaneOp>> lanes = new TreeMap<>();
        for (KeyOp op : shown) {
            long index = op.invocation().index();
            String role =
                    index == unplaceableIndex ? "unplaceable" : concurrent.contains(index) ? "concurrent" : "other";
            lanes.computeIfAbsent(op.invocation().process(), p -> new ArrayList<>())
                    .add(new LaneOp(
                            index,
                            LatencyBuckets.round(op.start(), 1e6),
                            op.end() == null ? null : LatencyBuckets.round(op.end(), 1e6),
                            op.invocation().f(),
                            Text.shorten(EdnWriter.write(op.invocation().value())),
                            op.completion() != null && op.completion().type() == OpType.OK
                                    ? Text.shorten(
                                            EdnWriter.write(op.completion().value()))
                                    : null,
                            op.completion() == null
                                    ? "info"
                                    : op.completion().type().ednName(),
                            role,
                            prefixPosition.get(index)));
        }
        List<Lane> laneList = new ArrayList<>();
        lanes.forEach((process, ops) -> laneList.add(new Lane(process, ops)));
        return new CounterexampleView(
                key,
                counterexample.path("stateAfterPrefix").asText(null),
                summary(unplaceable),
                concurrentText,
                LatencyBuckets.round(from, 1e6),
                LatencyBuckets.round(to, 1e6),
                laneList,
                keyOps.size());
    }

    /** The key's client operations, paired by process as the checker pairs them. */
    private static List<KeyOp> opsOnKey(List<Op> history, String key) {
        List<KeyOp> ops = new ArrayList<>();
        Map<Long, Integer> open = new HashMap<>();
        for (Op op : history) {
            if (op.process() == Op.NEMESIS || op.timeNanos() == Op.NO_TIME) {
                continue;
            }
            if (op.isInvoke()) {
                if (Objects.equals(op.key(), key) && !op.f().equals("final-read")) {
                    open.put(op.process(), ops.size());
                    ops.add(new KeyOp(op, null));
                } else {
                    open.remove(op.process());
                }
            } else {
                Integer at = open.remove(op.process());
                if (at != null) {
                    ops.set(at, new KeyOp(ops.get(at).invocation(), op));
                }
            }
        }
        return ops;
    }

    /** The focus ops and those closest to the unplaceable one in history order, at most {@link #MAX_OPS}. */
    private static List<KeyOp> nearest(List<KeyOp> ops, long unplaceableIndex, Set<Long> focus) {
        List<KeyOp> byDistance = new ArrayList<>(ops);
        byDistance.sort((a, b) -> {
            boolean fa = focus.contains(a.invocation().index());
            boolean fb = focus.contains(b.invocation().index());
            if (fa != fb) {
                return fa ? -1 : 1;
            }
            return Long.compare(
                    Math.abs(a.invocation().index() - unplaceableIndex),
                    Math.abs(b.invocation().index() - unplaceableIndex));
        });
        List<KeyOp> kept = byDistance.subList(0, MAX_OPS);
        return ops.stream().filter(kept::contains).toList();
    }

    /** An {@code OpSummary} from results.json in one line. */
    static String summary(JsonNode op) {
        if (op == null || op.isMissingNode() || op.isNull()) {
            return null;
        }
        return "process " + op.path("process").asLong() + " :" + op.path("f").asText() + " "
                + Text.shorten(op.path("input").asText("")) + " -> :"
                + op.path("outcome").asText()
                + (op.hasNonNull("output") ? " " + Text.shorten(op.get("output").asText()) : "")
                + " (index " + op.path("invokeIndex").asLong() + ".."
                + (op.hasNonNull("completeIndex") ? op.get("completeIndex").asLong() : "?") + ")";
    }
}
