package dev.gameday.nemesis;

import dev.gameday.canary.HistoryRecorder;
import dev.gameday.canary.WriteHold;
import dev.gameday.experiment.DurationText;
import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import dev.gameday.metrics.RunListener;
import dev.gameday.schedule.FaultEvent;
import dev.gameday.schedule.FaultPlan;
import dev.gameday.schedule.LeaderLookup;
import dev.gameday.schedule.PlannedFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Plays a {@link FaultPlan}: injects each fault at its start offset and heals it at its end offset,
 * logging every action to nemesis.log and to the history (as Jepsen does: {@code :process :nemesis},
 * an invocation and an {@code :info} completion per action, {@code :f :start-<type>} or
 * {@code :stop-<type>}, the nodes as value, {@code :fault} the fault's id). {@link #abort} (a stop condition fired) heals every active
 * fault at once and skips the rest. Whatever happens, including interruption, nothing is left
 * injected: every fault that started is healed before {@link #run} returns.
 *
 * <p>Before a fault that starts while no other is active, the runner waits for the {@link SteadyStateProbe}
 * (at most the given deadline): the cluster must be whole again, as every fault of a schedule assumes. The
 * wait and the state of the cluster at injection go to nemesis.log, and the rest of the schedule moves
 * as much later ({@link #scheduleShift}), so faults keep their lengths and the gaps between them. If the
 * deadline passes, the fault is not injected, the rest of the plan is skipped, and the fault carries the
 * failure (what was still missing), which fails the run's steady state: a cluster that does not come
 * back is a finding, not a skip.
 *
 * <p>Offsets are measured on the history's clock ({@code elapsedNanos}), so fault windows and canary
 * ops line up in the report. Healing must be idempotent: after a failed injection the runner still
 * heals all of the fault's nodes, some of which may never have been hit.
 */
public final class NemesisRunner {
    private static final Duration STEADY_STATE_POLL = Duration.ofMillis(250);
    /** A heal that takes at least this long says so in nemesis.log (every heal moves the schedule by its time). */
    private static final Duration SLOW_HEAL = Duration.ofSeconds(1);

    private final Nemesis nemesis;
    private final LeaderLookup leaders;
    private final NemesisLog log;
    private final HistoryRecorder history;
    private SteadyStateProbe steadyState = SteadyStateProbe.ALWAYS;
    private Duration steadyStateDeadline = Duration.ZERO;
    private RunListener listener = RunListener.NONE;
    private WriteHold writeHold = new WriteHold();
    private volatile Duration scheduleShift = Duration.ZERO;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition abortSignal = lock.newCondition();
    private String abortReason;
    /** Faults an operator injected by hand ({@link #injectNow}), outside any plan, by id. */
    private final Map<Integer, Progress> operated = new LinkedHashMap<>();

    /** @param history the run's history; its clock is the nemesis' clock too */
    public NemesisRunner(Nemesis nemesis, LeaderLookup leaders, NemesisLog log, HistoryRecorder history) {
        this.nemesis = nemesis;
        this.leaders = leaders;
        this.log = log;
        this.history = history;
    }

    /** Waits for {@code probe} before each fault that starts alone, for at most {@code deadline}. */
    public NemesisRunner awaitingSteadyState(SteadyStateProbe probe, Duration deadline) {
        this.steadyState = probe;
        this.steadyStateDeadline = deadline;
        return this;
    }

    /** Shares the hold that faults with {@code quietBefore} put on the canaries' writes. */
    public NemesisRunner holdingWritesWith(WriteHold hold) {
        this.writeHold = hold;
        return this;
    }

    /** Tells {@code listener} of each fault it starts and heals. */
    public NemesisRunner reportingTo(RunListener listener) {
        this.listener = listener;
        return this;
    }

    /** Blocks until the plan is played out (or aborted); returns what happened to each planned fault, in plan order. */
    public List<ExecutedFault> run(FaultPlan plan) throws InterruptedException {
        Map<Integer, Progress> progress = new LinkedHashMap<>();
        plan.faults().forEach(f -> progress.put(f.id(), new Progress(f)));
        try {
            play(plan, progress);
        } catch (InterruptedException e) {
            abort("interrupted");
            throw e;
        } finally {
            // Reached on abort and on interruption: never leave a node killed or stopped. The
            // interrupt flag is cleared while healing so that healing itself is not interrupted.
            boolean interrupted = Thread.interrupted();
            for (Progress p : progress.values()) {
                heal(p);
                if (p.startedAt == null && p.error == null) {
                    p.error = "skipped: run aborted (" + abortReason + ")";
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return progress.values().stream().map(NemesisRunner::executed).toList();
    }

    private void play(FaultPlan plan, Map<Integer, Progress> progress) throws InterruptedException {
        for (FaultEvent event : plan.events()) {
            if (!waitUntil(event.at().plus(scheduleShift))) {
                log.note(now(), "ABORT " + abortReason + ": healing active faults, skipping the rest");
                return;
            }
            Progress p = progress.get(event.fault().id());
            if (event.kind() == FaultEvent.Kind.END) {
                heal(p);
                continue;
            }
            if (!awaitSteadyState(p, progress)) {
                abort("steady state not restored before fault #" + p.fault.id());
                log.note(now(), "ABORT " + abortReason + ": healing active faults, skipping the rest");
                return;
            }
            if (!holdWritesBefore(p)) {
                log.note(now(), "ABORT " + abortReason + ": healing active faults, skipping the rest");
                return;
            }
            start(p);
            writeHold.release();
        }
    }

    /**
     * Waits until the probe finds the cluster whole, unless another fault is active (faults planned to overlap
     * are meant to hit a cluster that is not whole), and moves the rest of the schedule by the time waited.
     * Returns false when the deadline passed.
     */
    private boolean awaitSteadyState(Progress p, Map<Integer, Progress> progress) throws InterruptedException {
        boolean othersActive = progress.values().stream().anyMatch(o -> o.startedAt != null && o.healedAt == null);
        if (othersActive) {
            return true;
        }
        Duration begin = now();
        SteadyStateProbe.Wait wait = steadyState.begin();
        List<String> missing = missing(wait);
        boolean waited = false;
        while (!missing.isEmpty()) {
            if (!waited) {
                log.note(begin, "WAIT   #" + p.fault.id() + " for the steady state: " + String.join("; ", missing));
                waited = true;
            }
            Duration left = steadyStateDeadline.minus(now().minus(begin));
            if (left.isNegative() || left.isZero()) {
                p.steadyStateWait = now().minus(begin);
                p.steadyStateMissing = String.join("; ", missing);
                p.error = "not injected: the steady state was not restored within "
                        + DurationText.format(steadyStateDeadline) + " (" + p.steadyStateMissing + ")";
                log.failed(now(), p.fault, List.of(), "steady state", p.error);
                return false;
            }
            if (sleepUnlessAborted(min(STEADY_STATE_POLL, left))) {
                return true; // aborted: play() notices and stops
            }
            missing = missing(wait);
        }
        p.steadyStateWait = now().minus(begin);
        if (waited) {
            scheduleShift = scheduleShift.plus(p.steadyStateWait);
            log.note(
                    now(),
                    "STEADY #" + p.fault.id() + " after " + DurationText.format(p.steadyStateWait)
                            + ": the rest of the schedule runs " + DurationText.format(scheduleShift) + " late");
        }
        wait.describe().forEach(line -> log.detail(p.fault, "at injection: " + line));
        return true;
    }

    /**
     * Holds the canaries' writes for the fault's {@code quietBefore} right before it is injected (released after
     * injection), and moves the rest of the schedule by that time, as a steady-state wait does. Returns false when
     * the run was aborted meanwhile.
     */
    private boolean holdWritesBefore(Progress p) throws InterruptedException {
        Duration quiet = p.fault.spec().quietBefore();
        if (quiet == null) {
            return true;
        }
        writeHold.hold();
        log.note(
                now(),
                "QUIET  #" + p.fault.id() + ": canary writes held for " + DurationText.format(quiet)
                        + " before injection");
        scheduleShift = scheduleShift.plus(quiet);
        if (sleepUnlessAborted(quiet)) {
            writeHold.release();
            return false;
        }
        return true;
    }

    /** What the probe finds missing; a probe that fails is something missing too, never a crash of the run. */
    private static List<String> missing(SteadyStateProbe.Wait wait) {
        try {
            return wait.missing();
        } catch (RuntimeException e) {
            return List.of("the steady-state probe failed: " + e);
        }
    }

    /**
     * How much later than planned the schedule ran because faults waited for the steady state; the run's canary
     * traffic must last as much longer, so that every fault keeps its recovery time after it.
     */
    public Duration scheduleShift() {
        return scheduleShift;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Stops the plan early: active faults are healed now, later ones never start. Safe from any thread. */
    public void abort(String reason) {
        lock.lock();
        try {
            if (abortReason == null) {
                abortReason = reason;
            }
            abortSignal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Injects {@code fault} now, outside the plan: an operator's command. Calls are serialised, so two operators
     * injecting at once each get their fault, one after the other, both logged. Refused once the run was aborted
     * (a stop condition fired, or the game day ended).
     */
    public synchronized ExecutedFault injectNow(PlannedFault fault, String by) {
        String aborted = abortReason();
        if (aborted != null) {
            throw new IllegalStateException("no more faults: the run was aborted (" + aborted + ")");
        }
        if (operated.containsKey(fault.id())) {
            throw new IllegalArgumentException("fault #" + fault.id() + " was already injected");
        }
        log.note(now(), "OPERATOR inject #" + fault.id() + " " + fault.describe() + " (by " + by + ")");
        Progress p = new Progress(fault);
        operated.put(fault.id(), p);
        start(p);
        return executed(p);
    }

    /** Heals the operator's fault {@code id} now (a no-op when it is healed already). */
    public synchronized ExecutedFault healNow(int id, String by) {
        Progress p = operated.get(id);
        if (p == null) {
            throw new IllegalArgumentException("no fault #" + id + " was injected by an operator");
        }
        if (p.healedAt == null) {
            log.note(now(), "OPERATOR heal #" + id + " (by " + by + ")");
        }
        heal(p);
        return executed(p);
    }

    /** Heals every operator fault still active; {@code why} goes to nemesis.log. Returns every operator fault. */
    public synchronized List<ExecutedFault> healOperated(String why) {
        if (operated.values().stream().anyMatch(p -> p.startedAt != null && p.healedAt == null)) {
            log.note(now(), "OPERATOR heal everything: " + why);
        }
        operated.values().forEach(this::heal);
        return operatedFaults();
    }

    /**
     * What happened to each operator fault so far, in injection order. An operator's fault has no planned end: the
     * one it carries is when it was healed (or now, while it is active), so results.json shows no made-up end.
     */
    public synchronized List<ExecutedFault> operatedFaults() {
        return operated.values().stream()
                .map(p -> {
                    ExecutedFault e = executed(p);
                    PlannedFault f = p.fault;
                    Duration end = p.healedAt != null ? p.healedAt : now();
                    return new ExecutedFault(
                            new PlannedFault(f.id(), f.phase(), f.source(), f.spec(), f.start(), end, f.nodes()),
                            e.nodes(),
                            e.changes(),
                            e.startedAt(),
                            e.healedAt(),
                            e.error(),
                            e.steadyStateWait(),
                            e.steadyStateMissing());
                })
                .toList();
    }

    /** A line in nemesis.log at the current time, e.g. an operator's note. */
    public void note(String line) {
        log.note(now(), line);
    }

    /** Why the plan was aborted, or null. */
    public String abortReason() {
        lock.lock();
        try {
            return abortReason;
        } finally {
            lock.unlock();
        }
    }

    private static ExecutedFault executed(Progress p) {
        return new ExecutedFault(
                p.fault,
                p.nodes == null ? List.of() : p.nodes,
                p.changes,
                p.startedAt,
                p.healedAt,
                p.error,
                p.steadyStateWait,
                p.steadyStateMissing);
    }

    private void start(Progress p) {
        // The fault counts from when injection begins: the first node may be down before the last is hit.
        Duration begin = now();
        Op invocation =
                history.invoke(Op.NEMESIS, "start-" + p.fault.type(), null, null, Map.of("fault", (long) p.fault.id()));
        try {
            p.nodes = p.fault.nodesAtStart(leaders);
            p.changes = List.copyOf(nemesis.inject(p.fault, p.nodes));
            p.startedAt = begin;
            log.started(p.startedAt, p.fault, p.nodes);
            p.changes.forEach(change -> log.detail(p.fault, change));
            history.complete(invocation, OpType.INFO, p.nodes, null);
            listener.faultStarted(p.fault, p.nodes);
        } catch (NemesisException | RuntimeException e) {
            // Partly injected faults are still healed at their end: startedAt marks "may be active".
            p.startedAt = begin;
            p.error = "inject failed: " + e.getMessage();
            if (p.nodes == null) {
                p.nodes = List.of();
            }
            log.failed(p.startedAt, p.fault, p.nodes, "inject", e.getMessage());
            history.complete(invocation, OpType.INFO, p.nodes, p.error);
            listener.faultStarted(p.fault, p.nodes); // partly injected: in effect until healed, as for the report
        }
    }

    /**
     * Ends the fault. An operator's repair done by the heal (a corrupted member replaced) is logged step by step, each
     * step also one of the fault's changes with its offset. The rest of the schedule then moves as much later as the
     * heal took, as for a steady-state wait, so the phases after it keep their lengths and the canaries see the
     * cluster after the heal for as long as the file says. That holds for every heal, not only repairs: a power-on
     * waits for Docker to start the container, which took 10-27 s on a loaded 2-core machine in power-loss runs (a
     * 10 s power-off ended 35 s after it started), and the run then ended before the recovery allowance after the
     * last heal had passed, so it could not tell whether the steady state came back.
     */
    private void heal(Progress p) {
        if (p.startedAt == null || p.healedAt != null) {
            return;
        }
        Op invocation = history.invoke(
                Op.NEMESIS, "stop-" + p.fault.type(), null, p.nodes, Map.of("fault", (long) p.fault.id()));
        Duration begin = now();
        List<String> repairSteps = new ArrayList<>();
        try {
            nemesis.heal(p.fault, p.nodes, step -> {
                Duration at = now();
                log.repair(at, p.fault, step);
                repairSteps.add("repair at +" + DurationText.format(at) + ": " + step);
            });
            p.healedAt = now();
            Duration took = p.healedAt.minus(begin);
            scheduleShift = scheduleShift.plus(took);
            if (!repairSteps.isEmpty()) {
                log.note(
                        p.healedAt,
                        "REPAIR #" + p.fault.id() + " done in " + DurationText.format(took)
                                + ": the rest of the schedule runs " + DurationText.format(scheduleShift) + " late");
            } else if (took.compareTo(SLOW_HEAL) >= 0) {
                log.note(
                        p.healedAt,
                        "SLOW   #" + p.fault.id() + " heal took " + DurationText.format(took)
                                + ": the rest of the schedule runs " + DurationText.format(scheduleShift) + " late");
            }
            log.healed(p.healedAt, p.fault, p.nodes);
            p.changes = concat(p.changes, repairSteps);
            history.complete(invocation, OpType.INFO, p.nodes, null);
            listener.faultHealed(p.fault);
        } catch (NemesisException | RuntimeException e) {
            p.error = (p.error == null ? "" : p.error + "; ") + "heal failed: " + e.getMessage();
            p.changes = concat(p.changes, repairSteps);
            log.failed(now(), p.fault, p.nodes, "heal", e.getMessage());
            history.complete(invocation, OpType.INFO, p.nodes, "heal failed: " + e.getMessage());
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /** Sleeps {@code pause} unless aborted first; returns whether the run was aborted. */
    private boolean sleepUnlessAborted(Duration pause) throws InterruptedException {
        lock.lock();
        try {
            if (abortReason == null) {
                abortSignal.await(pause.toNanos(), TimeUnit.NANOSECONDS);
            }
            return abortReason != null;
        } finally {
            lock.unlock();
        }
    }

    /** Returns false when aborted before {@code offset}. */
    private boolean waitUntil(Duration offset) throws InterruptedException {
        lock.lock();
        try {
            long remaining;
            while (abortReason == null && (remaining = offset.toNanos() - history.elapsedNanos()) > 0) {
                abortSignal.await(remaining, TimeUnit.NANOSECONDS);
            }
            return abortReason == null;
        } finally {
            lock.unlock();
        }
    }

    private Duration now() {
        return Duration.ofNanos(history.elapsedNanos());
    }

    /** Mutable bookkeeping of one fault while the plan plays. */
    private static final class Progress {
        final PlannedFault fault;
        List<String> nodes;
        List<String> changes = List.of();
        Duration startedAt;
        Duration healedAt;
        String error;
        Duration steadyStateWait;
        String steadyStateMissing;

        Progress(PlannedFault fault) {
            this.fault = fault;
        }
    }
}
