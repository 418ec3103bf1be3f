package dev.gameday.report;

import dev.gameday.check.Checkers;
import dev.gameday.check.RunFacts;
import dev.gameday.checker.bench.HardHistories;
import dev.gameday.checker.linearizability.SearchBudget;
import dev.gameday.experiment.CheckerSpec;
import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.FaultType;
import dev.gameday.experiment.Hypothesis;
import dev.gameday.experiment.TargetSpec;
import dev.gameday.history.HistoryReader;
import dev.gameday.history.Op;
import dev.gameday.nemesis.ExecutedFault;
import dev.gameday.schedule.PlannedFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Small runs to judge: a history, the run's facts, and the checkers every run had before checkers: existed. */
final class VerdictScenarios {
    /** One unique write with its final read, and a register written and read. */
    static final String HISTORY = """
            {:index 0, :time 0, :process 0, :type :invoke, :f :write, :key "u-1", :value "a"}
            {:index 1, :time 1, :process 0, :type :ok, :f :write, :key "u-1", :value "a"}
            {:index 2, :time 2, :process 1, :type :invoke, :f :write, :key "r", :value 1}
            {:index 3, :time 3, :process 1, :type :ok, :f :write, :key "r", :value 1}
            {:index 4, :time 4, :process 2, :type :invoke, :f :read, :key "r", :value nil}
            {:index 5, :time 5, :process 2, :type :ok, :f :read, :key "r", :value 1}
            {:index 6, :time 6, :process 3, :type :invoke, :f :final-read, :value nil}
            {:index 7, :time 7, :process 3, :type :ok, :f :final-read, :value {"u-1" "a"}}
            """;

    static final String LOST_WRITE = HISTORY.replace("{\"u-1\" \"a\"}", "{}");
    static final String STALE_READ =
            HISTORY.replace(":type :ok, :f :read, :key \"r\", :value 1", ":type :ok, :f :read, :key \"r\", :value 2");

    static final Hypothesis SPEC = new Hypothesis(0.9, Duration.ofSeconds(5));
    static final Duration RUN_END = Duration.ofSeconds(60);
    static final SearchBudget BUDGET = SearchBudget.withTimeLimit(Duration.ofSeconds(30));
    /** Runs out of memory deterministically, after the first steps of every key. */
    static final SearchBudget NO_MEMORY = new SearchBudget(Duration.ofSeconds(30), 1);

    static final ScrubSummary CLEAN_SCRUB = new ScrubSummary(12, 1, 1, 1, 1, true, List.of());

    private VerdictScenarios() {}

    static List<Op> history(String edn) throws Exception {
        return HistoryReader.parse(edn);
    }

    /** A history the linearizability search cannot finish within {@link #NO_MEMORY}. */
    static List<Op> hardHistory() {
        return HardHistories.generate(HardHistories.realRun(true, 3000), 7);
    }

    static ExecutedFault fault(boolean completed) {
        PlannedFault planned = new PlannedFault(
                1,
                "chaos",
                "schedule[0].faults[0]",
                new FaultSpec(
                        FaultType.POWER_OFF,
                        new TargetSpec(null, "az1", null, null),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30),
                        null,
                        null,
                        null),
                Duration.ofSeconds(10),
                Duration.ofSeconds(40),
                List.of("az1-storage-1"));
        return completed
                ? new ExecutedFault(
                        planned, planned.nodes(), List.of(), Duration.ofSeconds(10), Duration.ofSeconds(40), null)
                : new ExecutedFault(
                        planned, planned.nodes(), List.of(), Duration.ofSeconds(10), null, "heal failed: docker");
    }

    static CanaryTraffic healthy() {
        return new CanaryTraffic()
                .calls("az1", "az1-router-1", 0, 60_000, 60, 0)
                .calls("az2", "az2-router-1", 0, 60_000, 60, 0);
    }

    /** Most of az2's calls in the last window time out, long after the fault healed. */
    static CanaryTraffic brokenOutsideFaults() {
        return healthy().calls("az2", "az2-router-1", 50_000, 60_000, 10, 8);
    }

    static RunFacts facts(
            List<Op> history,
            ScrubSummary scrub,
            CanaryTraffic traffic,
            String stopReason,
            List<ExecutedFault> faults,
            List<String> fatalLogLines) {
        return new RunFacts(
                withCalls(history, traffic),
                scrub,
                faults,
                RUN_END,
                SPEC,
                traffic.windows(10_000).byAz(),
                stopReason,
                fatalLogLines);
    }

    /**
     * The scenario's history followed by the canary calls its availability windows count, as one recorder writes
     * both (the steady-state check measures recovery from those calls). Appended, so the scenario's own ops keep
     * their indexes; the calls read a key of their own.
     */
    private static List<Op> withCalls(List<Op> history, CanaryTraffic traffic) {
        List<Op> merged = new ArrayList<>(history);
        long firstProcess = history.stream().mapToLong(Op::process).max().orElse(-1) + 1;
        for (Op op : traffic.ops()) {
            merged.add(new Op(
                    merged.size(),
                    op.timeNanos(),
                    firstProcess + op.process(),
                    op.type(),
                    op.f(),
                    op.key(),
                    op.value(),
                    op.extra()));
        }
        return merged;
    }

    /** Judged as a run does, with the default checkers, into results.json's record. */
    static Results results(
            String experiment,
            RunFacts facts,
            List<CheckerSpec> checkers,
            SearchBudget budget,
            CanaryTraffic traffic,
            List<String> problems) {
        WindowedAvailability availability = traffic.windows(10_000);
        return Results.of(
                experiment,
                42,
                0.5,
                facts,
                Checkers.judge(Checkers.forRun(checkers, budget), facts, problems),
                availability.bySeries(),
                new AlarmDetector(0.01, 2).detect(availability.bySeries()),
                List.of());
    }
}
