package dev.gameday.report.html;

import java.util.List;
import java.util.Map;

/**
 * What report.html shows, as the page's script reads it: one JSON object inlined in the page. Times are seconds
 * since the run's history started (the clock of history.edn and nemesis.log); latencies are milliseconds.
 * A null part did not exist in the run (no history, no counterexample, no scrub).
 */
public record ReportData(
        Header header,
        Timeline timeline,
        List<FaultView> faults,
        List<AlarmView> alarms,
        List<StopView> stops,
        List<NemesisRow> nemesisRows,
        LostWrites lostWrites,
        CounterexampleView counterexample,
        ScrubView scrub,
        List<RunFile> files,
        List<String> problems,
        List<JournalEntry> journal) {

    /** An operator's action or note in a game day run from the console ({@code OPERATOR}, {@code NOTE} lines). */
    public record JournalEntry(double at, String text) {}

    /**
     * @param startedAt the run directory's timestamp (UTC, ISO-8601): when the run began, before the cluster booted
     * @param durationSeconds the history's length: from the first canary call to the last operation
     * @param command the command line that runs the same schedule, seed and store again
     */
    public record Header(
            String experiment,
            String runId,
            String verdict,
            List<String> reasons,
            long seed,
            double timeScale,
            String startedAt,
            double durationSeconds,
            String command,
            List<String> deliberateBugs,
            Integer acknowledgedWrites,
            Integer lostWrites,
            String linearizability) {}

    /**
     * The canary's traffic per (AZ, endpoint) on one shared grid of buckets: 1 s each, except that quiet stretches
     * of a long run are merged (never a bucket with an error or a fault edge), see {@link LatencyBuckets}.
     *
     * @param bucketStarts start of each bucket; a bucket ends where the next one starts, the last at {@code end}
     * @param operations the operation types (read, write, cas, ...) that {@link SeriesView#throughput} has
     */
    public record Timeline(List<Double> bucketStarts, double end, List<String> operations, List<SeriesView> series) {}

    /**
     * One AZ's canary to one router endpoint; null entries are buckets without a completed request.
     *
     * @param throughput operation type -> completed requests per second in each bucket
     */
    public record SeriesView(
            String az,
            String endpoint,
            List<Long> requests,
            List<Long> errors,
            List<Double> successRatio,
            List<Double> p50Ms,
            List<Double> p99Ms,
            List<Double> maxMs,
            Map<String, List<Double>> throughput) {}

    /**
     * A fault as it really was: start and end from nemesis.log, what and where from results.json.
     *
     * @param end when it was healed; the end of the run when it never was ({@code healed} false)
     * @param rows the nemesis timeline rows it occupies (a node, or the links it cut)
     */
    public record FaultView(
            int id,
            String type,
            String what,
            String target,
            List<String> nodes,
            double start,
            double end,
            boolean healed,
            String error,
            List<String> rows,
            List<String> changes) {}

    public record AlarmView(
            String az,
            String endpoint,
            double breachStart,
            double raisedAt,
            Double clearedAt,
            double worstErrorRatio) {}

    /** A stop condition that ended the run early (nemesis.log's ABORT line). */
    public record StopView(double at, String reason) {}

    public record NemesisRow(String name, List<Integer> faultIds) {}

    /** @param shown the first lost writes, at most a few hundred; {@code total} counts them all */
    public record LostWrites(int total, List<LostWriteView> shown) {}

    /** One lost write's story; times are null where the history recorded none. */
    public record LostWriteView(
            String key,
            String value,
            long process,
            Double invokedAt,
            Double acknowledgedAt,
            Double lastSeenAt,
            String lastSeenBy,
            Double firstMissingAt,
            String firstMissingFrom,
            String finalValue,
            Double finalReadAt) {}

    /**
     * The ops on the failing key around the operation that cannot be placed, one lane per process.
     *
     * @param from start of the drawn window; ops that began earlier are drawn from there
     * @param to end of the drawn window; ops that never completed are drawn to there
     */
    public record CounterexampleView(
            String key,
            String stateAfterPrefix,
            String unplaceable,
            List<String> concurrent,
            double from,
            double to,
            List<Lane> lanes,
            int opsOnKey) {}

    public record Lane(long process, List<LaneOp> ops) {}

    /**
     * @param end null when the op never completed (outcome unknown)
     * @param role "unplaceable", "concurrent" (overlaps it) or "other"
     * @param prefixPosition its place (1-based) in the longest order the checker could linearize; null: not in it
     */
    public record LaneOp(
            long invokeIndex,
            double start,
            Double end,
            String f,
            String input,
            String output,
            String outcome,
            String role,
            Integer prefixPosition) {}

    /**
     * results.json's scrub section and the corruptions the nemesis made; {@code verdicts} judges each corruption
     * (empty for runs written before results.json recorded them); {@code unexplained} names the store's incidents
     * that no fault of the run explains.
     */
    public record ScrubView(
            long groupsChecked,
            long mismatches,
            long corruptionsInjected,
            long corruptionsDetected,
            long repaired,
            boolean clean,
            List<String> problems,
            List<CorruptionView> corruptions,
            List<CorruptionVerdictView> verdicts,
            List<String> unexplained) {}

    /** One injected corruption: what changed where, and whether scrub detected it and the repair held. */
    public record CorruptionVerdictView(
            int faultId, String change, String group, String node, boolean detected, boolean repaired) {}

    public record CorruptionView(
            int faultId, String what, String target, List<String> nodes, List<String> changes, double at) {}

    /** A file of the run directory, linked relative to the report. */
    public record RunFile(String name, long bytes) {}
}
