package dev.gameday.metrics;

import dev.gameday.schedule.FaultPlan;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While a run goes, tells a listener which phase the run is in and ticks it a few times a second, from one daemon
 * thread. The schedule's phases are read off the plan on the history's clock, moved by the time faults waited for
 * the steady state (the nemesis moves the rest of the schedule as much); the stages after it are
 * {@link #enter entered} by the run.
 */
public final class RunTicker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunTicker.class);
    public static final Duration PERIOD = Duration.ofMillis(250);

    private final ScheduledExecutorService thread;
    private final List<FaultPlan.PhaseWindow> phases;
    private final LongSupplier elapsedNanos;
    private final Supplier<Duration> scheduleShift;
    private final RunListener listener;
    private String current;
    /** The stage after the schedule the run entered; null while the schedule plays. */
    private String stage;

    private boolean failed;

    private RunTicker(
            FaultPlan plan, LongSupplier elapsedNanos, Supplier<Duration> scheduleShift, RunListener listener) {
        this.phases = plan.phases();
        this.elapsedNanos = elapsedNanos;
        this.scheduleShift = scheduleShift;
        this.listener = listener;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gameday-run-ticker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Tells {@code listener} the first phase now, then ticks every {@link #PERIOD} until closed. */
    public static RunTicker start(
            FaultPlan plan, LongSupplier elapsedNanos, Supplier<Duration> scheduleShift, RunListener listener) {
        RunTicker ticker = new RunTicker(plan, elapsedNanos, scheduleShift, listener);
        ticker.tick();
        ticker.thread.scheduleAtFixedRate(ticker::tick, PERIOD.toNanos(), PERIOD.toNanos(), TimeUnit.NANOSECONDS);
        return ticker;
    }

    /** The phase at {@code offset} of the plan; the last one once the plan is over. */
    static String phaseAt(List<FaultPlan.PhaseWindow> phases, Duration offset) {
        for (FaultPlan.PhaseWindow phase : phases) {
            if (offset.compareTo(phase.end()) < 0) {
                return phase.name();
            }
        }
        return phases.isEmpty()
                ? RunInfo.STAGES_AFTER_SCHEDULE.get(0)
                : phases.get(phases.size() - 1).name();
    }

    /** The schedule is over and the run is in {@code stage} (one of {@link RunInfo#STAGES_AFTER_SCHEDULE}). */
    public synchronized void enter(String stage) {
        this.stage = stage;
        tick();
    }

    private synchronized void tick() {
        try {
            String phase = stage != null
                    ? stage
                    : phaseAt(phases, Duration.ofNanos(elapsedNanos.getAsLong()).minus(scheduleShift.get()));
            if (!phase.equals(current)) {
                current = phase;
                listener.phaseStarted(phase);
            }
            listener.tick();
        } catch (RuntimeException e) {
            // A broken observer must not stop the run, nor (as a scheduled task that throws would) its own ticks.
            if (!failed) {
                failed = true;
                log.warn("a live observer of the run failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
