package dev.gameday.cluster;

import dev.gameday.canary.CanaryLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One measured stretch of {@link SystemBenchmark}: one canary op type at one load, bounded both in time and in ops
 * started, so no phase runs on however fast or slow the system is.
 *
 * @param op           the canary command: {@code write}, {@code read} (linearizable) or {@code cas}
 * @param opsPerSecond the target rate over all clients; {@link #UNPACED} for saturation
 * @param maxOps       no more ops are started after this many
 * @param duration     nor after this long
 * @param clients      calls in flight at most, the same at either load
 */
public record BenchmarkPhase(String op, Load load, double opsPerSecond, long maxOps, Duration duration, int clients) {

    /** The canary's own rate (open loop), or as fast as the clients get answers (closed loop). */
    public enum Load {
        CANARY_RATE("canary rate"),
        SATURATION("saturation");

        public final String label;

        Load(String label) {
            this.label = label;
        }
    }

    /** The op types measured, in the order they run: the reads and CAS then find the registers written. */
    public static final List<String> OPS = List.of("write", "read", "cas");

    /**
     * A rate no client reaches: the canary loop then starts each worker's next op as soon as its last one ended,
     * which is a closed loop of {@code clients} workers.
     */
    static final double UNPACED = 1e9;

    /** Limits beyond these are typing mistakes, not benchmarks: a phase is a few seconds to a few minutes. */
    static final int MAX_CLIENTS = 256;

    static final Duration MAX_DURATION = Duration.ofMinutes(10);

    public BenchmarkPhase {
        if (!OPS.contains(op)) {
            throw new IllegalArgumentException("op " + op + " is not one of " + OPS);
        }
        if (!(opsPerSecond > 0)
                || maxOps < 1
                || duration.isNegative()
                || duration.isZero()
                || duration.compareTo(MAX_DURATION) > 0
                || clients < 1
                || clients > MAX_CLIENTS) {
            throw new IllegalArgumentException(String.format(
                    "a benchmark phase needs a rate > 0, at least one op, a duration in (0, %s] and 1..%d clients;"
                            + " got %s ops/s, %d ops, %s, %d clients",
                    MAX_DURATION, MAX_CLIENTS, opsPerSecond, maxOps, duration, clients));
        }
    }

    /** Open loop at {@code opsPerSecond} for {@code duration}: at most the ops that rate starts in that time. */
    public static BenchmarkPhase atCanaryRate(String op, double opsPerSecond, Duration duration, int clients) {
        long ops = (long) Math.ceil(opsPerSecond * duration.toMillis() / 1000.0);
        return new BenchmarkPhase(op, Load.CANARY_RATE, opsPerSecond, Math.max(1, ops), duration, clients);
    }

    /** Closed loop of {@code clients} workers until {@code duration} passed or {@code maxOps} were started. */
    public static BenchmarkPhase saturation(String op, int clients, Duration duration, long maxOps) {
        return new BenchmarkPhase(op, Load.SATURATION, UNPACED, maxOps, duration, clients);
    }

    /** A system's measured phases, in order: every op type at the canary's rate, then every one at saturation. */
    public static List<BenchmarkPhase> plan(
            double canaryRate, Duration atCanaryRate, Duration atSaturation, int clients, long maxOpsPerPhase) {
        List<BenchmarkPhase> phases = new ArrayList<>();
        for (String op : OPS) {
            phases.add(atCanaryRate(op, canaryRate, atCanaryRate, clients));
        }
        for (String op : OPS) {
            phases.add(saturation(op, clients, atSaturation, maxOpsPerPhase));
        }
        return phases;
    }

    /**
     * This phase's share for the {@code index}-th of {@code endpoints} endpoints (one canary loop each, as the
     * experiments' canaries run one per AZ): an equal part of the rate, the ops and the clients, the remainders
     * going to the first endpoints. Refused when there are fewer clients than endpoints (an endpoint without one
     * would not be measured).
     */
    public CanaryLoop.Limits limitsOf(int index, int endpoints) {
        if (endpoints < 1 || index < 0 || index >= endpoints) {
            throw new IllegalArgumentException("endpoint " + index + " of " + endpoints);
        }
        if (clients < endpoints) {
            throw new IllegalArgumentException(
                    clients + " clients cannot reach " + endpoints + " endpoints: at least one client per endpoint");
        }
        return new CanaryLoop.Limits(opsPerSecond / endpoints, share(maxOps, index, endpoints), duration, (int)
                share(clients, index, endpoints));
    }

    private static long share(long total, int index, int parts) {
        return total / parts + (index < total % parts ? 1 : 0);
    }

    /** E.g. {@code write at saturation}. */
    public String label() {
        return op + " at " + load.label;
    }
}
