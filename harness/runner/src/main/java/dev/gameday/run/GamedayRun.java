package dev.gameday.run;

import dev.gameday.canary.CanaryClient;
import dev.gameday.canary.CanaryLoop;
import dev.gameday.canary.Command;
import dev.gameday.canary.HistoryRecorder;
import dev.gameday.canary.KeyConcurrency;
import dev.gameday.canary.ProcessIds;
import dev.gameday.canary.RegisterKeys;
import dev.gameday.canary.WorkloadGenerator;
import dev.gameday.canary.WriteHold;
import dev.gameday.check.CheckResult;
import dev.gameday.check.Checkers;
import dev.gameday.check.RunFacts;
import dev.gameday.checker.linearizability.SearchBudget;
import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.Workload;
import dev.gameday.history.HistoryReader;
import dev.gameday.history.HistoryWriter;
import dev.gameday.history.Op;
import dev.gameday.metrics.RunInfo;
import dev.gameday.metrics.RunListener;
import dev.gameday.metrics.RunTicker;
import dev.gameday.nemesis.Cluster;
import dev.gameday.nemesis.ClusterNemesis;
import dev.gameday.nemesis.Endpoint;
import dev.gameday.nemesis.ExecutedFault;
import dev.gameday.nemesis.MemberReplacement;
import dev.gameday.nemesis.NemesisLog;
import dev.gameday.nemesis.NemesisRunner;
import dev.gameday.report.AlarmDetector;
import dev.gameday.report.FatalLogScan;
import dev.gameday.report.Results;
import dev.gameday.report.ResultsWriter;
import dev.gameday.report.ScrubSummary;
import dev.gameday.report.StopConditionMonitor;
import dev.gameday.report.WindowedAvailability;
import dev.gameday.schedule.FaultPlan;
import dev.gameday.schedule.PlannedExperiment;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One experiment run against a running cluster, start to verdict:
 * <ol>
 *   <li>take the faults planned for the cluster's topology ({@link PlannedExperiment}, planned once by the caller);</li>
 *   <li>run canary loops, one per (client AZ, router endpoint), recording every call into history.edn,
 *       while the nemesis plays the plan into nemesis.log and stop conditions watch live;</li>
 *   <li>after healing: final reads and scrub (through {@link StoreAccess}), availability windows and alarms;</li>
 *   <li>the experiment's checkers ({@link Checkers}) on the history and those facts; the verdict folded from
 *       their results, written to results.json.</li>
 * </ol>
 * Booting and tearing down the cluster is the caller's job; this class only drives it. A {@link RunListener}
 * ({@link #reportingTo}) follows the run live: canary calls, faults, alarms, phases, scrub.
 */
public final class GamedayRun {
    private static final Logger log = LoggerFactory.getLogger(GamedayRun.class);
    /** How long the linearizability search may take before the verdict on it is unknown. */
    private static final Duration CHECKER_TIME_LIMIT = Duration.ofMinutes(2);
    /** Upper bound on a loop's concurrent calls, however slow calls get. */
    private static final int MAX_WORKERS_PER_LOOP = 32;
    /** How long an operated run's canary may go at most: a working day and then some. */
    private static final Duration LONGEST_OPERATED_RUN = Duration.ofHours(12);

    private final PlannedExperiment planned;
    /**
     * How long a fault may wait for the cluster to be whole again: the recovery allowance as written, not
     * scaled, since a time scale shortens the schedule but not how long a process takes to boot and catch up.
     */
    private final Duration steadyStateDeadline;

    private final Cluster cluster;
    private final StoreAccess store;
    private final RunDirectory dir;
    private final AtomicReference<String> stopReason = new AtomicReference<>();
    private final List<CanaryLoop> loops = new ArrayList<>();
    private NemesisRunner nemesis;
    private RunListener listener = RunListener.NONE;
    private RunTicker ticker;
    private boolean used;
    /** Set for a run with an operator at the wheel ({@link #operatedBy}): counted down when the game day ends. */
    private CountDownLatch operatorEnd;

    private Consumer<NemesisRunner> operator = nemesis -> {};
    /** Why an operated run was abandoned without a verdict (Ctrl-C), or null. */
    private final AtomicReference<String> abandoned = new AtomicReference<>();

    /** @param planned the experiment scaled and planned for {@code cluster}'s topology */
    public GamedayRun(PlannedExperiment planned, Cluster cluster, StoreAccess store, RunDirectory dir) {
        if (!planned.topology().equals(cluster.topology())) {
            throw new IllegalArgumentException("the experiment was planned for another topology than the cluster's: "
                    + planned.topology() + " vs " + cluster.topology());
        }
        this.planned = planned;
        this.steadyStateDeadline = planned.asWritten().experiment().hypothesis().recovery();
        this.cluster = cluster;
        this.store = store;
        this.dir = dir;
    }

    /** Tells {@code listener} what happens while the run goes (the live metrics, the progress line). */
    public GamedayRun reportingTo(RunListener listener) {
        this.listener = listener;
        return this;
    }

    /**
     * A game day run by hand: the plan (often empty) plays as usual, {@code operator} gets the nemesis runner before
     * the canary starts to inject and heal faults on command ({@link NemesisRunner#injectNow}), and the run lasts
     * until {@link #endGameDay} instead of until the plan's end. A stop condition then heals every fault, the
     * operator's too, and refuses further ones; the canary keeps going so the team sees the recovery. The end is a
     * scheduled run's: heal, final reads, scrub, checkers, results.json.
     */
    public GamedayRun operatedBy(Consumer<NemesisRunner> operator) {
        this.operatorEnd = new CountDownLatch(1);
        this.operator = operator;
        return this;
    }

    /** Ends an operated run: the rest of the plan is skipped, every fault healed, then the run is judged. */
    public void endGameDay(String why) {
        if (operatorEnd == null) {
            throw new IllegalStateException("only a run with an operator (operatedBy) ends by hand");
        }
        NemesisRunner running = nemesis;
        if (running != null) {
            running.abort(why);
        }
        operatorEnd.countDown();
    }

    /**
     * Ends an operated run without judging it (the harness is being shut down): faults are healed, the canary
     * stopped, and results.json says {@code unknown} with {@code reason}.
     */
    public void abandon(String reason) {
        abandoned.compareAndSet(null, reason);
        endGameDay(reason);
    }

    /** Why a stop condition stopped the run, or null. */
    public String stopReason() {
        return stopReason.get();
    }

    /** Runs the experiment, once. */
    public synchronized Results run() throws IOException, InterruptedException {
        if (used) {
            throw new IllegalStateException("a GamedayRun runs once");
        }
        used = true;
        String verdict = "error";
        try {
            Results results = judgedRun();
            verdict = results.verdict().jsonName();
            return results;
        } finally {
            if (ticker != null) {
                ticker.close();
            }
            listener.runFinished(verdict);
        }
    }

    private Results judgedRun() throws IOException, InterruptedException {
        Experiment experiment = planned.scaled().experiment();
        FaultPlan plan = planned.plan();
        WindowedAvailability availability =
                new WindowedAvailability(experiment.availability().window());
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<ExecutedFault> executed;
        ScrubSummary scrub = null;
        Duration ranFor;

        try (HistoryWriter history = new HistoryWriter(dir.history());
                NemesisLog nemesisLog = new NemesisLog(dir.nemesisLog())) {
            List<Consumer<Op>> listeners = new ArrayList<>();
            listeners.add(availability);
            experiment.stopConditions().forEach(c -> listeners.add(new StopConditionMonitor(c, this::stop)));
            if (listener != RunListener.NONE) {
                listeners.add(
                        alarmDetector(experiment).live(experiment.availability().window(), listener));
            }
            HistoryRecorder recorder = new HistoryRecorder(history, listeners, listener);
            ClusterNemesis faults = new ClusterNemesis(cluster, experiment.seed());
            WriteHold writeHold = new WriteHold();
            nemesis = new NemesisRunner(faults, cluster, nemesisLog, recorder)
                    .awaitingSteadyState(cluster.steadyState(), steadyStateDeadline)
                    .holdingWritesWith(writeHold)
                    .reportingTo(listener);
            ProcessIds processIds = new ProcessIds();
            // Faults that wait for the steady state, and operators' repairs at a fault's end, move the rest of the
            // schedule later: the canary runs until the moved end, and at most every fault's whole allowance longer.
            Duration longestRun = operatorEnd != null
                    ? LONGEST_OPERATED_RUN
                    : plan.totalDuration()
                            .plus(steadyStateDeadline.multipliedBy(plan.faults().size()))
                            .plus(MemberReplacement.LONGEST.multipliedBy(plan.faults().stream()
                                    .filter(f -> f.spec().corrupt() != null
                                            && f.spec().corrupt().repair() != null)
                                    .count()));
            loops.addAll(canaryLoops(experiment, longestRun, recorder, processIds, writeHold));

            if (operatorEnd != null) {
                nemesisLog.operatedPlan(plan, planned.scale().factor());
            } else {
                nemesisLog.plan(plan, planned.scale().factor());
            }
            listener.runStarted(RunInfo.of(
                    planned,
                    cluster.endpoints().stream().map(Endpoint::router).toList(),
                    store.deliberateBugs(),
                    dir.dir(),
                    recorder::elapsedNanos,
                    () -> operatorEnd != null
                            ? Duration.ofNanos(recorder.elapsedNanos())
                            : plan.totalDuration().plus(nemesis.scheduleShift())));
            operator.accept(nemesis);
            ticker = RunTicker.start(plan, recorder::elapsedNanos, nemesis::scheduleShift, listener);
            ExecutorService canaries = Executors.newFixedThreadPool(loops.size());
            try {
                List<Future<CanaryLoop.Result>> running =
                        loops.stream().map(l -> canaries.submit(l::run)).toList();
                executed = nemesis.run(plan);
                if (operatorEnd != null) {
                    try {
                        operatorEnd.await();
                    } catch (InterruptedException e) {
                        // The harness is going down under the operator: as Ctrl-C, heal and keep the run unjudged.
                        abandoned.compareAndSet(null, "interrupted before the game day ended");
                        nemesis.abort("interrupted");
                    }
                    List<ExecutedFault> all = new ArrayList<>(executed);
                    all.addAll(nemesis.healOperated("the game day ended"));
                    executed = all;
                    ranFor = Duration.ofNanos(recorder.elapsedNanos());
                    nemesisLog.note(
                            ranFor,
                            abandoned.get() == null
                                    ? "ENDED  game day, by the operators"
                                    : "ENDED  game day, abandoned: " + abandoned.get());
                } else {
                    awaitRunEnd(recorder, plan.totalDuration().plus(nemesis.scheduleShift()));
                    ranFor = plan.totalDuration().plus(nemesis.scheduleShift());
                }
                loops.forEach(CanaryLoop::finish);
                for (Future<CanaryLoop.Result> loop : running) {
                    try {
                        loop.get();
                    } catch (ExecutionException e) {
                        problems.add("canary loop failed: " + e.getCause());
                    }
                }
            } finally {
                loops.forEach(CanaryLoop::stop);
                canaries.shutdownNow();
            }
            if (abandoned.get() != null) {
                return abandonedResults(experiment, executed, ranFor, availability);
            }
            ticker.enter(RunInfo.STAGES_AFTER_SCHEDULE.get(0));
            try {
                scrub = store.finalReadsAndScrub(recorder, processIds, faults.corruptions(), executed);
                if (scrub != null) {
                    listener.scrubFinished(scrub);
                }
            } catch (Exception e) {
                problems.add("final reads or scrub failed: " + e);
            }
        }

        ticker.enter(RunInfo.STAGES_AFTER_SCHEDULE.get(1));
        List<Op> ops = HistoryReader.read(dir.history());
        RunFacts facts = new RunFacts(
                ops,
                scrub,
                executed,
                ranFor,
                experiment.hypothesis(),
                availability.byAz(),
                stopReason.get(),
                FatalLogScan.scan(FatalLogScan.containerLogs(dir.dir())));
        List<CheckResult> checks = Checkers.judge(
                Checkers.forRun(experiment.checkers(), SearchBudget.withTimeLimit(CHECKER_TIME_LIMIT)),
                facts,
                problems);
        Results results = Results.of(
                experiment.name(),
                experiment.seed(),
                planned.scale().factor(),
                facts,
                checks,
                availability.bySeries(),
                alarmDetector(experiment).detect(availability.bySeries()),
                store.deliberateBugs());
        new ResultsWriter().write(results, dir.results());
        ticker.enter(RunInfo.STAGES_AFTER_SCHEDULE.get(2));
        return results;
    }

    /** results.json of an operated run abandoned before its end: the faults as done, the verdict unknown. */
    private Results abandonedResults(
            Experiment experiment, List<ExecutedFault> executed, Duration ranFor, WindowedAvailability availability)
            throws IOException {
        RunFacts facts = new RunFacts(
                List.of(),
                null,
                executed,
                ranFor,
                experiment.hypothesis(),
                availability.byAz(),
                stopReason.get(),
                List.of());
        List<CheckResult> checks =
                List.of(new CheckResult(Checkers.RUN, List.of(), List.of("not judged: " + abandoned.get()), Map.of()));
        Results results = Results.of(
                experiment.name(),
                experiment.seed(),
                planned.scale().factor(),
                facts,
                checks,
                availability.bySeries(),
                List.of(),
                store.deliberateBugs());
        new ResultsWriter().write(results, dir.results());
        return results;
    }

    private static AlarmDetector alarmDetector(Experiment experiment) {
        return new AlarmDetector(
                experiment.availability().alarmErrorRatio(),
                experiment.availability().alarmWindows());
    }

    /** Waits until the history's clock reaches {@code end}, or a stop condition fires. */
    private void awaitRunEnd(HistoryRecorder recorder, Duration end) throws InterruptedException {
        while (stopReason.get() == null && recorder.elapsedNanos() < end.toNanos()) {
            Thread.sleep(Math.min(100, Math.max(1, (end.toNanos() - recorder.elapsedNanos()) / 1_000_000)));
        }
    }

    /** A stop condition fired: heal and skip the remaining faults, stop the canary. Called from a canary thread. */
    private void stop(String reason) {
        if (stopReason.compareAndSet(null, reason)) {
            log.warn("aborting the run: {}", reason);
            nemesis.abort(reason);
            if (operatorEnd != null) {
                // The operator's faults are healed too, off the canary's thread; the canary goes on until the
                // operator ends the game day, to show the recovery.
                NemesisRunner running = nemesis;
                Thread healer = new Thread(
                        () -> running.healOperated("stop condition: " + reason), "gameday-stop-condition-heal");
                healer.setDaemon(true);
                healer.start();
                return;
            }
            loops.forEach(CanaryLoop::stop);
        }
    }

    /**
     * One loop per (client AZ, endpoint): every AZ's canary reaches every router, so a broken
     * cross-AZ path shows as its own series. Each AZ's rate is split evenly over the endpoints.
     */
    private List<CanaryLoop> canaryLoops(
            Experiment experiment,
            Duration runFor,
            HistoryRecorder recorder,
            ProcessIds processIds,
            WriteHold writeHold) {
        List<Endpoint> endpoints = cluster.endpoints();
        if (endpoints.isEmpty()) {
            throw new IllegalStateException("the cluster has no router endpoints to send canary traffic to");
        }
        double rate = experiment.workload().ratePerAz() / endpoints.size();
        // Enough workers to keep the rate while every call hangs until its timeout (a paused node).
        int workers = (int) Math.min(
                MAX_WORKERS_PER_LOOP,
                Math.max(1, Math.ceil(rate * store.callTimeout().toMillis() / 1000.0)));
        long maxOps = (long) Math.ceil(rate * runFor.toMillis() / 1000.0) + 1;
        RegisterKeys registerKeys = registerKeys(experiment);
        log.info("hot register keys: {}", registerKeys.names());
        KeyConcurrency keyConcurrency = new KeyConcurrency(registerKeys);
        List<CanaryLoop> loops = new ArrayList<>();
        for (String az : experiment.cluster().azs()) {
            for (Endpoint endpoint : endpoints) {
                String name = az + "-via-" + endpoint.router();
                CanaryClient client = store.client(az, endpoint);
                WorkloadGenerator workload = new WorkloadGenerator(
                        experiment.workload(), registerKeys, experiment.seed() * 31 + loops.size(), name);
                Map<String, Object> where = Map.of("az", az, "endpoint", endpoint.router());
                loops.add(new CanaryLoop(
                        name, new CanaryLoop.Limits(rate, maxOps, runFor, workers), processIds, process -> {
                            Admitted admitted = writeHold.deciding(() -> {
                                Command command;
                                synchronized (workload) {
                                    Command drawn = writeHold.apply(workload.next(), registerKeys);
                                    command = keyConcurrency.admit(
                                            drawn, writeHold.isHeld() ? null : workload::uniqueWrite);
                                }
                                try {
                                    return new Admitted(
                                            command,
                                            recorder.invoke(
                                                    process, command.f(), command.key(), command.value(), where));
                                } catch (RuntimeException e) {
                                    keyConcurrency.release(command);
                                    throw e;
                                }
                            });
                            try {
                                return recorder.callAndRecord(
                                                admitted.invocation(), () -> client.execute(admitted.command()))
                                        .type();
                            } finally {
                                keyConcurrency.release(admitted.command());
                            }
                        }));
            }
        }
        return loops;
    }

    /** A canary's command, counted in flight by its key, and its recorded invocation. */
    private record Admitted(Command command, Op invocation) {}

    private RegisterKeys registerKeys(Experiment experiment) {
        Workload workload = experiment.workload();
        int partitions = experiment.cluster().table(workload.table()).partitions();
        return store.registerKeys(workload.table(), partitions, workload.registerKeys());
    }
}
