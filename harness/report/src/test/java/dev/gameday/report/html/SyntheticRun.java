package dev.gameday.report.html;

import dev.gameday.checker.OpSummary;
import dev.gameday.checker.Verdict;
import dev.gameday.checker.durability.LostWrite;
import dev.gameday.checker.linearizability.Counterexample;
import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.FaultType;
import dev.gameday.experiment.PartitionSpec;
import dev.gameday.experiment.TargetSpec;
import dev.gameday.history.HistoryWriter;
import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import dev.gameday.nemesis.NemesisLog;
import dev.gameday.report.Alarm;
import dev.gameday.report.FaultReport;
import dev.gameday.report.HypothesisResult;
import dev.gameday.report.LatencyRecovery;
import dev.gameday.report.Results;
import dev.gameday.report.ResultsWriter;
import dev.gameday.report.RunVerdict;
import dev.gameday.report.ScrubSummary;
import dev.gameday.report.WindowStats;
import dev.gameday.schedule.FaultPlan;
import dev.gameday.schedule.PlannedFault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A run directory as {@code ./gameday run} leaves it, made by the same writers (HistoryWriter, NemesisLog,
 * ResultsWriter), so the report is tested against the real formats: three AZs each calling three routers, a
 * power-off of az1's storage node and a partition, and, when asked, a lost write and a counterexample that name
 * real operations of the history.
 */
final class SyntheticRun {
    static final List<String> AZS = List.of("az1", "az2", "az3");
    private static final double TIMEOUT_SECONDS = 1.0;

    /** A fault of the run: its window in seconds. */
    record Fault(int id, FaultType type, String node, double start, double end) {}

    private final int seconds;
    private final double opsPerSecondPerSeries;
    private final List<Fault> faults;
    private boolean violations;

    SyntheticRun(int seconds, double opsPerSecondPerSeries, List<Fault> faults) {
        this.seconds = seconds;
        this.opsPerSecondPerSeries = opsPerSecondPerSeries;
        this.faults = faults;
    }

    /** The usual two faults: az1's storage node powered off, then the nodes split into halves. */
    static SyntheticRun withTwoFaults(int seconds, double opsPerSecondPerSeries) {
        return new SyntheticRun(
                seconds,
                opsPerSecondPerSeries,
                List.of(
                        new Fault(1, FaultType.POWER_OFF, "az1-storage-1", seconds * 0.25, seconds * 0.45),
                        new Fault(2, FaultType.PARTITION, null, seconds * 0.6, seconds * 0.75)));
    }

    /** Adds a lost write and a linearizability counterexample to results.json (a failing run). */
    SyntheticRun withViolations() {
        this.violations = true;
        return this;
    }

    /** Writes {@code root/EXPERIMENT/RUN_ID/} and returns it. */
    Path write(Path root, String experiment, String runId) throws IOException {
        Path dir = Files.createDirectories(root.resolve(experiment).resolve(runId));
        List<Op> ops = history();
        try (HistoryWriter writer = new HistoryWriter(dir.resolve("history.edn"))) {
            ops.forEach(writer::append);
        }
        writeNemesisLog(dir.resolve("nemesis.log"));
        for (String az : AZS) {
            Files.writeString(dir.resolve(az + "-storage-1.log"), "INFO storage node " + az + " started\n");
        }
        new ResultsWriter().write(results(experiment, ops), dir.resolve("results.json"));
        return dir;
    }

    private boolean down(String az, double at) {
        for (Fault f : faults) {
            boolean hitsAz = f.node() == null ? az.equals("az1") : f.node().startsWith(az + "-");
            if (hitsAz && at >= f.start() && at < f.end()) {
                return true;
            }
        }
        return false;
    }

    /** Every series calls at a steady rate; calls to an AZ that a fault hits time out. */
    private List<Op> history() {
        record Event(
                long time, long process, OpType type, String f, String key, Object value, Map<String, Object> extra) {}
        Random random = new Random(7);
        List<Event> events = new ArrayList<>();
        long process = 0;
        long written = 0;
        for (String az : AZS) {
            for (String routerAz : AZS) {
                String endpoint = routerAz + "-router-1";
                Map<String, Object> where = Map.of("az", az, "endpoint", endpoint);
                long[] workers = new long[8];
                for (int w = 0; w < workers.length; w++) {
                    workers[w] = process++;
                }
                int n = (int) (seconds * opsPerSecondPerSeries);
                for (int i = 0; i < n; i++) {
                    double at = (i + random.nextDouble() * 0.5) / opsPerSecondPerSeries;
                    long worker = workers[i % workers.length];
                    String f = switch (i % 3) {
                        case 0 -> "read";
                        case 1 -> "write";
                        default -> "cas";
                    };
                    String key = "k" + random.nextInt(12);
                    Object value = switch (f) {
                        case "write" -> (Object) (long) ++written;
                        case "cas" -> List.of((long) random.nextInt(5), (long) random.nextInt(5));
                        default -> null;
                    };
                    boolean timesOut = down(routerAz, at);
                    double latency = timesOut ? TIMEOUT_SECONDS : 0.002 + random.nextDouble() * 0.02;
                    long invokeNanos = (long) (at * 1e9);
                    long completeNanos = invokeNanos + (long) (latency * 1e9);
                    events.add(new Event(invokeNanos, worker, OpType.INVOKE, f, key, value, where));
                    Map<String, Object> done = new TreeMap<>(where);
                    done.put("latency-ms", (long) (latency * 1000));
                    if (timesOut) {
                        done.put("error", "timeout");
                        events.add(new Event(completeNanos, worker, OpType.INFO, f, key, value, done));
                    } else {
                        Object result = f.equals("read") ? (Object) (long) random.nextInt(5) : value;
                        events.add(new Event(completeNanos, worker, OpType.OK, f, key, result, done));
                    }
                }
            }
        }
        events.sort(Comparator.comparingLong(Event::time));
        List<Op> ops = new ArrayList<>(events.size());
        for (Event e : events) {
            ops.add(new Op(ops.size(), e.time(), e.process(), e.type(), e.f(), e.key(), e.value(), e.extra()));
        }
        return ops;
    }

    private List<PlannedFault> planned() {
        List<PlannedFault> planned = new ArrayList<>();
        for (Fault f : faults) {
            FaultSpec spec = new FaultSpec(
                    f.type(),
                    f.node() == null ? null : new TargetSpec(f.node(), null, null, null),
                    Duration.ZERO,
                    Duration.ofMillis((long) ((f.end() - f.start()) * 1000)),
                    f.type() == FaultType.PARTITION ? new PartitionSpec(PartitionSpec.Shape.HALVES) : null,
                    null,
                    null);
            planned.add(new PlannedFault(
                    f.id(),
                    "faults",
                    "schedule[1].faults[" + (f.id() - 1) + "]",
                    spec,
                    seconds(f.start()),
                    seconds(f.end()),
                    nodes(f)));
        }
        return planned;
    }

    private static List<String> nodes(Fault f) {
        return f.node() == null ? List.of("az1-storage-1", "az2-storage-1", "az3-storage-1") : List.of(f.node());
    }

    private void writeNemesisLog(Path file) {
        List<PlannedFault> planned = planned();
        try (NemesisLog log = new NemesisLog(file)) {
            log.plan(
                    new FaultPlan(
                            11,
                            List.of(new FaultPlan.PhaseWindow("faults", Duration.ZERO, Duration.ofSeconds(seconds))),
                            planned),
                    1.0);
            for (int i = 0; i < faults.size(); i++) {
                Fault f = faults.get(i);
                // The nemesis acts a little after the planned instant, as it does for real.
                log.started(seconds(f.start() + 0.013), planned.get(i), nodes(f));
                log.healed(seconds(f.end() + 0.021), planned.get(i), nodes(f));
            }
        }
    }

    private Results results(String experiment, List<Op> ops) {
        List<FaultReport> faultReports = new ArrayList<>();
        for (PlannedFault p : planned()) {
            Fault f = faults.get(p.id() - 1);
            faultReports.add(new FaultReport(
                    p.id(),
                    p.type().yamlName(),
                    p.spec().what(),
                    p.targetText(),
                    p.phase(),
                    p.source(),
                    nodes(f),
                    List.of(),
                    p.start(),
                    p.end(),
                    seconds(f.start() + 0.013),
                    seconds(f.end() + 0.021),
                    null,
                    null,
                    null));
        }
        List<LostWrite> lost = List.of();
        Results.Linearizability linearizability = new Results.Linearizability(Verdict.VALID, null);
        RunVerdict verdict = RunVerdict.PASS;
        List<String> reasons = List.of();
        if (violations) {
            List<OpSummary> writes = summaries(ops, "write");
            OpSummary lostWrite = writes.get(writes.size() / 2);
            OpSummary reader = summaries(ops, "read").get(summaries(ops, "read").size() - 1);
            lost = List.of(new LostWrite(lostWrite, "3", reader, null, reader));
            OpSummary unplaceable = writes.get(writes.size() / 3);
            List<OpSummary> concurrent = writes.stream()
                    .filter(w -> w.key().equals(unplaceable.key())
                            && w != unplaceable
                            && w.invokeTime() < unplaceable.completeTime() + 2_000_000_000L
                            && w.completeTime() != null
                            && w.completeTime() > unplaceable.invokeTime() - 2_000_000_000L)
                    .toList();
            linearizability = new Results.Linearizability(
                    Verdict.INVALID, new Counterexample(unplaceable.key(), List.of(), "4", unplaceable, concurrent));
            verdict = RunVerdict.FAIL;
            reasons = List.of("1 acknowledged write lost", "history not linearizable (key " + unplaceable.key() + ")");
        }
        Map<String, Map<String, List<WindowStats>>> availability = new TreeMap<>();
        for (String az : AZS) {
            for (String routerAz : AZS) {
                List<WindowStats> windows = new ArrayList<>();
                for (int w = 0; w < seconds; w += 10) {
                    boolean bad = down(routerAz, w + 5);
                    windows.add(new WindowStats(
                            Duration.ofSeconds(w),
                            Duration.ofSeconds(w + 10),
                            30,
                            bad ? 30 : 0,
                            10,
                            bad ? 1000 : 21,
                            bad ? 1000 : 22,
                            bad ? 1000 : 22));
                }
                availability.computeIfAbsent(az, a -> new TreeMap<>()).put(routerAz + "-router-1", windows);
            }
        }
        Fault first = faults.get(0);
        List<Alarm> alarms = List.of(new Alarm(
                "az1",
                "az1-router-1",
                seconds(first.start()),
                seconds(first.start() + 20),
                seconds(first.end() + 10),
                2,
                1.0));
        ScrubSummary scrub = new ScrubSummary(3, 0, 0, 0, 0, true, List.of());
        HypothesisResult hypothesis = new HypothesisResult(
                true,
                List.of(),
                List.of(new HypothesisResult.Recovery(1, "az1", seconds(first.end()), Duration.ofSeconds(4), true, 1)),
                List.of(new LatencyRecovery(1, "az1", seconds(first.end()), 12.0, Duration.ofSeconds(6))));
        return new Results(
                experiment,
                verdict,
                reasons,
                11,
                1.0,
                (int) ops.stream()
                        .filter(o -> o.f().equals("write") && o.type() == OpType.OK)
                        .count(),
                lost,
                linearizability,
                scrub,
                hypothesis,
                availability,
                alarms,
                faultReports,
                List.of(),
                violations ? List.of("ackBeforeQuorum") : List.of(),
                List.of());
    }

    /** Completed operations of one kind as the checkers summarise them, in history order. */
    private static List<OpSummary> summaries(List<Op> ops, String f) {
        Map<Long, Op> open = new TreeMap<>();
        List<OpSummary> out = new ArrayList<>();
        for (Op op : ops) {
            if (op.isInvoke()) {
                open.put(op.process(), op);
            } else {
                Op invocation = open.remove(op.process());
                if (invocation != null && op.f().equals(f) && op.type() == OpType.OK) {
                    out.add(OpSummary.of(new dev.gameday.checker.Operation(invocation, op)));
                }
            }
        }
        return out;
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }
}
