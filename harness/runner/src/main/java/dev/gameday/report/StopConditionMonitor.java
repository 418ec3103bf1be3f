package dev.gameday.report;

import dev.gameday.experiment.DurationText;
import dev.gameday.experiment.StopCondition;
import dev.gameday.history.Op;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Watches canary completions live and fires once when an AZ's success ratio over the trailing
 * {@code for} period drops below the stop condition's threshold; the runner then aborts (heals all
 * faults, stops the schedule). The trailing period is tracked in ten buckets, so it is judged with
 * a precision of a tenth of the period, and only once the AZ has that much history.
 */
public final class StopConditionMonitor implements Consumer<Op> {
    private static final int BUCKETS = 10;

    private final StopCondition condition;
    private final Consumer<String> onTrigger;
    private final long bucketNanos;
    private final Map<String, TreeMap<Long, long[]>> bucketsByAz = new HashMap<>();
    private final Map<String, Long> firstBucketByAz = new HashMap<>();
    private boolean triggered;

    /** @param onTrigger receives a description of why the run must stop; called at most once */
    public StopConditionMonitor(StopCondition condition, Consumer<String> onTrigger) {
        this.condition = condition;
        this.onTrigger = onTrigger;
        this.bucketNanos = Math.max(1_000_000, condition.forAtLeast().toNanos() / BUCKETS);
    }

    @Override
    public void accept(Op op) {
        if (op.isInvoke() || !(op.extra().get("az") instanceof String az)) {
            return;
        }
        String reason;
        synchronized (this) {
            if (triggered) {
                return;
            }
            long bucket = op.timeNanos() / bucketNanos;
            firstBucketByAz.putIfAbsent(az, bucket);
            TreeMap<Long, long[]> buckets = bucketsByAz.computeIfAbsent(az, a -> new TreeMap<>());
            long[] counts = buckets.computeIfAbsent(bucket, b -> new long[2]);
            counts[0]++;
            if (!SuccessRule.countsAsSuccess(op)) {
                counts[1]++;
            }
            // Drop what fell out of the trailing period, then judge the full buckets still in it.
            buckets.headMap(bucket - BUCKETS, false).clear();
            if (bucket - firstBucketByAz.get(az) < BUCKETS) {
                return;
            }
            long requests = 0;
            long errors = 0;
            for (long[] c : buckets.headMap(bucket, false).values()) {
                requests += c[0];
                errors += c[1];
            }
            double ratio = requests == 0 ? 1.0 : (double) (requests - errors) / requests;
            if (requests == 0 || ratio >= condition.successRatioBelow()) {
                return;
            }
            triggered = true;
            reason = String.format(
                    Locale.ROOT,
                    "stop condition: %s success ratio %.3f < %s over the last %s",
                    az,
                    ratio,
                    condition.successRatioBelow(),
                    DurationText.format(condition.forAtLeast()));
        }
        onTrigger.accept(reason);
    }
}
