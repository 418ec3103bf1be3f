package dev.gameday.report.html;

import dev.gameday.history.Op;
import dev.gameday.report.SuccessRule;
import dev.gameday.report.html.ReportData.SeriesView;
import dev.gameday.report.html.ReportData.Timeline;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The canary's success ratio, latency and throughput per (AZ, endpoint) in 1 s buckets, from history.edn's
 * invocation/completion pairs. As in results.json's availability windows, an op counts in the bucket in which it
 * was invoked, final reads and the nemesis are left out, and {@link SuccessRule} decides what is an error.
 *
 * <p>Long runs are downsampled so a report stays small: when there are more seconds than {@code maxBuckets},
 * consecutive quiet seconds (no error in any series, no fault edge within a second) are merged, a few at a time;
 * every second with an error and every fault edge keeps its own bucket. Percentiles of a merged bucket are
 * computed over all its latencies, not averaged.
 */
public final class LatencyBuckets {
    private static final double NANOS_PER_SECOND = 1e9;

    private LatencyBuckets() {}

    /** Per-second counts of one series. */
    private static final class SecondCounts {
        long requests;
        long errors;
        final List<Double> latenciesMs = new ArrayList<>(4);
        final Map<String, Long> byOperation = new HashMap<>(4);
    }

    /**
     * @param history the run's ops in file order
     * @param faultEdges offsets (s) at which a fault started or ended: their seconds are never merged
     * @param maxBuckets above this many seconds, quiet seconds are merged
     */
    public static Timeline of(List<Op> history, Collection<Double> faultEdges, int maxBuckets) {
        Map<String, Map<Integer, SecondCounts>> bySeries = new TreeMap<>();
        Map<Long, Op> open = new HashMap<>();
        TreeSet<String> operations = new TreeSet<>();
        long lastTime = 0;
        for (Op op : history) {
            lastTime = Math.max(lastTime, op.timeNanos());
            if (op.process() == Op.NEMESIS || op.f().equals("final-read")) {
                continue;
            }
            if (op.isInvoke()) {
                open.put(op.process(), op);
                continue;
            }
            Op invocation = open.remove(op.process());
            if (invocation == null
                    || !(invocation.extra().get("az") instanceof String az)
                    || !(invocation.extra().get("endpoint") instanceof String endpoint)
                    || invocation.timeNanos() == Op.NO_TIME) {
                continue;
            }
            int second = (int) (invocation.timeNanos() / 1_000_000_000L);
            SecondCounts counts = bySeries.computeIfAbsent(az + "\u0000" + endpoint, s -> new TreeMap<>())
                    .computeIfAbsent(second, s -> new SecondCounts());
            counts.requests++;
            if (!SuccessRule.countsAsSuccess(op)) {
                counts.errors++;
            }
            counts.latenciesMs.add((op.timeNanos() - invocation.timeNanos()) / 1e6);
            counts.byOperation.merge(op.f(), 1L, Long::sum);
            operations.add(op.f());
        }
        int seconds = (int) Math.ceil(lastTime / NANOS_PER_SECOND);
        List<int[]> buckets = buckets(seconds, keptSeconds(bySeries.values(), faultEdges, seconds), maxBuckets);

        List<Double> starts = buckets.stream().map(b -> (double) b[0]).toList();
        List<SeriesView> series = new ArrayList<>();
        bySeries.forEach((name, counts) -> series.add(series(name, counts, buckets, operations)));
        return new Timeline(starts, seconds, List.copyOf(operations), series);
    }

    /** Seconds that must keep a bucket of their own: an error in any series, or a fault edge in or next to it. */
    private static BitSet keptSeconds(
            Collection<Map<Integer, SecondCounts>> series, Collection<Double> faultEdges, int seconds) {
        BitSet kept = new BitSet(seconds);
        for (Map<Integer, SecondCounts> counts : series) {
            counts.forEach((second, c) -> {
                if (c.errors > 0) {
                    kept.set(second);
                }
            });
        }
        // An edge can lie past the last op (a fault a stopped run never injected keeps its planned end).
        for (double edge : faultEdges) {
            int second = (int) Math.floor(edge);
            int from = Math.max(0, second - 1);
            int to = Math.min(seconds, second + 2);
            if (from < to) {
                kept.set(from, to);
            }
        }
        return kept;
    }

    /** Bucket boundaries {@code [from, to)} in seconds. */
    static List<int[]> buckets(int seconds, BitSet kept, int maxBuckets) {
        int mergeUpTo = Math.max(1, (int) Math.ceil((double) seconds / Math.max(1, maxBuckets)));
        List<int[]> buckets = new ArrayList<>();
        int second = 0;
        while (second < seconds) {
            int to = second + 1;
            if (!kept.get(second)) {
                while (to < seconds && to - second < mergeUpTo && !kept.get(to)) {
                    to++;
                }
            }
            buckets.add(new int[] {second, to});
            second = to;
        }
        return buckets;
    }

    private static SeriesView series(
            String name, Map<Integer, SecondCounts> perSecond, List<int[]> buckets, Collection<String> operations) {
        String[] azAndEndpoint = name.split("\u0000", 2);
        int n = buckets.size();
        List<Long> requests = new ArrayList<>(n);
        List<Long> errors = new ArrayList<>(n);
        List<Double> ratio = new ArrayList<>(n);
        List<Double> p50 = new ArrayList<>(n);
        List<Double> p99 = new ArrayList<>(n);
        List<Double> max = new ArrayList<>(n);
        Map<String, List<Double>> throughput = new TreeMap<>();
        operations.forEach(f -> throughput.put(f, new ArrayList<>(n)));
        for (int[] bucket : buckets) {
            long req = 0;
            long err = 0;
            List<Double> latencies = new ArrayList<>();
            Map<String, Long> byOperation = new HashMap<>();
            for (int s = bucket[0]; s < bucket[1]; s++) {
                SecondCounts c = perSecond.get(s);
                if (c != null) {
                    req += c.requests;
                    err += c.errors;
                    latencies.addAll(c.latenciesMs);
                    c.byOperation.forEach((f, count) -> byOperation.merge(f, count, Long::sum));
                }
            }
            requests.add(req);
            errors.add(err);
            ratio.add(req == 0 ? null : round((double) (req - err) / req, 10_000));
            double[] sorted =
                    latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            p50.add(percentile(sorted, 0.50));
            p99.add(percentile(sorted, 0.99));
            max.add(sorted.length == 0 ? null : round(sorted[sorted.length - 1], 10));
            double width = bucket[1] - bucket[0];
            throughput.forEach((f, values) -> values.add(round(byOperation.getOrDefault(f, 0L) / width, 100)));
        }
        return new SeriesView(azAndEndpoint[0], azAndEndpoint[1], requests, errors, ratio, p50, p99, max, throughput);
    }

    /** Nearest-rank percentile, null without values. */
    static Double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return round(sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))], 10);
    }

    /** Fewer digits, a smaller page: latencies to 0.1 ms, ratios to 0.01 %. */
    static double round(double value, double scale) {
        return Math.round(value * scale) / scale;
    }
}
