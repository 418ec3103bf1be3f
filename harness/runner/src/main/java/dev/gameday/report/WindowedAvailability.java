package dev.gameday.report;

import dev.gameday.history.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Counts canary completions per series (AZ, endpoint) and window, with an HdrHistogram of latencies.
 * Fed live by the {@code HistoryRecorder} (or replayed from history.edn). Windows are aligned to the
 * run start; an op counts in the window of its invocation, which is when the customer asked.
 *
 * <p>Only ops that carry {@code :az} and {@code :endpoint} are canary traffic; others (the final
 * reads after healing, nemesis ops) are not availability samples and are not counted.
 */
public final class WindowedAvailability implements Consumer<Op> {
    /**
     * Latencies in microseconds, up to 10 minutes (longer ones count as 10 minutes), with 2 significant
     * digits: 1% precision keeps a histogram near 20 KB, and a run has one per series and window.
     */
    private static final long MAX_LATENCY_MICROS = 600_000_000L;

    private final long windowNanos;
    private final Map<Long, Long> invokeNanosByProcess = new HashMap<>();
    private final Map<Series, TreeMap<Long, Counts>> countsBySeries = new HashMap<>();

    public WindowedAvailability(Duration window) {
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        this.windowNanos = window.toNanos();
    }

    @Override
    public synchronized void accept(Op op) {
        if (!(op.extra().get("az") instanceof String az)
                || !(op.extra().get("endpoint") instanceof String endpoint)
                || op.f().equals("final-read")) {
            return;
        }
        if (op.isInvoke()) {
            invokeNanosByProcess.put(op.process(), op.timeNanos());
            return;
        }
        Long invokedAt = invokeNanosByProcess.remove(op.process());
        if (invokedAt == null) {
            throw new IllegalArgumentException("completion without an invocation: " + op);
        }
        Counts counts = countsBySeries
                .computeIfAbsent(new Series(az, endpoint), s -> new TreeMap<>())
                .computeIfAbsent(invokedAt / windowNanos, w -> new Counts());
        counts.requests++;
        if (!SuccessRule.countsAsSuccess(op)) {
            counts.errors++;
        }
        counts.latencyMicros.recordValue(Math.min(MAX_LATENCY_MICROS, (op.timeNanos() - invokedAt) / 1_000));
    }

    /** Windows of every series, from the first window to the last window with data (empty ones included). */
    public synchronized Map<Series, List<WindowStats>> bySeries() {
        Map<Series, List<WindowStats>> result = new TreeMap<>();
        countsBySeries.forEach((series, windows) -> result.put(series, stats(windows)));
        return result;
    }

    /** Windows per AZ, all endpoints of the AZ merged; the steady-state hypothesis is judged on these. */
    public synchronized Map<String, List<WindowStats>> byAz() {
        Map<String, TreeMap<Long, Counts>> merged = new TreeMap<>();
        countsBySeries.forEach((series, windows) ->
                windows.forEach((index, counts) -> merged.computeIfAbsent(series.az(), az -> new TreeMap<>())
                        .computeIfAbsent(index, i -> new Counts())
                        .add(counts)));
        Map<String, List<WindowStats>> result = new TreeMap<>();
        merged.forEach((az, windows) -> result.put(az, stats(windows)));
        return result;
    }

    private List<WindowStats> stats(TreeMap<Long, Counts> windows) {
        List<WindowStats> stats = new ArrayList<>();
        for (long index = 0; index <= windows.lastKey(); index++) {
            Counts c = windows.getOrDefault(index, new Counts());
            Histogram h = c.latencyMicros;
            boolean any = h.getTotalCount() > 0;
            stats.add(new WindowStats(
                    Duration.ofNanos(index * windowNanos),
                    Duration.ofNanos((index + 1) * windowNanos),
                    c.requests,
                    c.errors,
                    any ? h.getValueAtPercentile(50) / 1000.0 : 0,
                    any ? h.getValueAtPercentile(99) / 1000.0 : 0,
                    any ? h.getValueAtPercentile(99.9) / 1000.0 : 0,
                    any ? h.getMaxValue() / 1000.0 : 0));
        }
        return stats;
    }

    private static final class Counts {
        long requests;
        long errors;
        final Histogram latencyMicros = new Histogram(MAX_LATENCY_MICROS, 2);

        void add(Counts other) {
            requests += other.requests;
            errors += other.errors;
            latencyMicros.add(other.latencyMicros);
        }
    }
}
