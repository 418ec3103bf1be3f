package dev.gameday.report;

import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds canary histories with chosen outcomes and timings, op by op, as the recorder would write them. Every call
 * reads key {@code k}, which nothing writes, and finds it empty: the history checkers have nothing to object to, so
 * the calls can join any scenario's history.
 */
final class CanaryTraffic {
    private final List<Op> ops = new ArrayList<>();
    private long process;

    /** One call from {@code az} via {@code endpoint}, invoked at {@code atMillis}, taking {@code latencyMillis}. */
    CanaryTraffic call(String az, String endpoint, long atMillis, long latencyMillis, OpType outcome, String error) {
        Map<String, Object> where = Map.of("az", az, "endpoint", endpoint);
        long p = process++;
        ops.add(new Op(ops.size(), atMillis * 1_000_000, p, OpType.INVOKE, "read", "k", null, where));
        Map<String, Object> done = new java.util.LinkedHashMap<>(where);
        done.put("latency-ms", latencyMillis);
        if (error != null) {
            done.put("error", error);
        }
        ops.add(new Op(ops.size(), (atMillis + latencyMillis) * 1_000_000, p, outcome, "read", "k", null, done));
        return this;
    }

    /** {@code count} calls spread over [fromMillis, toMillis), of which the first {@code errors} time out. */
    CanaryTraffic calls(String az, String endpoint, long fromMillis, long toMillis, int count, int errors) {
        for (int i = 0; i < count; i++) {
            long at = fromMillis + (toMillis - fromMillis) * i / count;
            if (i < errors) {
                call(az, endpoint, at, 50, OpType.INFO, "timeout");
            } else {
                call(az, endpoint, at, 5, OpType.OK, null);
            }
        }
        return this;
    }

    /** The ops in completion-time order, as a live recorder would emit them. */
    List<Op> ops() {
        List<Op> sorted = new ArrayList<>(ops);
        sorted.sort(java.util.Comparator.comparingLong(Op::timeNanos).thenComparingLong(Op::index));
        return sorted;
    }

    WindowedAvailability windows(long windowMillis) {
        WindowedAvailability availability = new WindowedAvailability(java.time.Duration.ofMillis(windowMillis));
        ops().forEach(availability);
        return availability;
    }
}
