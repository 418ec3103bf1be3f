package dev.gameday.metrics;

import dev.gameday.history.Op;
import dev.gameday.report.ScrubSummary;
import dev.gameday.schedule.PlannedFault;
import java.util.List;

/**
 * What a run tells whoever watches it live (the Prometheus metrics, the console's progress line), from the
 * places that already see each event: the history recorder (canary calls), the nemesis runner (faults), the
 * live alarm rule, and {@code GamedayRun} (start, phases, scrub, end). Every method has a no-op default, so a
 * listener implements only what it shows.
 *
 * <p>Listeners are called on the run's own threads. {@link #canaryCompleted} is on each canary call's path:
 * it must not block or take locks, or the canary measures its observer instead of the service.
 */
public interface RunListener {

    /** Listens to nothing: the default of a run nobody watches. */
    RunListener NONE = new RunListener() {};

    /** Before the canary starts: what runs, and the clock everything after is measured on. */
    default void runStarted(RunInfo run) {}

    /** The run entered {@code phase}: a phase of the schedule, or one of {@link RunInfo#STAGES_AFTER_SCHEDULE}. */
    default void phaseStarted(String phase) {}

    /** A few times a second while the run goes, for whoever redraws something. */
    default void tick() {}

    /** A canary call completed; both ops as in the history (the invocation carries {@code az} and {@code endpoint}). */
    default void canaryCompleted(Op invocation, Op completion) {}

    /** The nemesis began to inject {@code fault} on {@code nodes} (from now on it may be in effect). */
    default void faultStarted(PlannedFault fault, List<String> nodes) {}

    /** The nemesis healed {@code fault}. A fault whose heal failed gets no call: it may still be in effect. */
    default void faultHealed(PlannedFault fault) {}

    /** The alarm rule fired on the canary series of ({@code az}, {@code endpoint}). */
    default void alarmRaised(String az, String endpoint) {}

    /** A raised alarm of ({@code az}, {@code endpoint}) is back under its threshold. */
    default void alarmCleared(String az, String endpoint) {}

    /** The final reads and the scrub after healing reported; not called when they failed. */
    default void scrubFinished(ScrubSummary scrub) {}

    /** The run has its verdict ({@code pass}, {@code fail}, {@code unknown}), or ended without one ({@code error}). */
    default void runFinished(String verdict) {}

    /** One listener that passes every event to each of {@code listeners}, in order. */
    static RunListener all(List<RunListener> listeners) {
        List<RunListener> each = List.copyOf(listeners);
        return new RunListener() {
            @Override
            public void runStarted(RunInfo run) {
                each.forEach(l -> l.runStarted(run));
            }

            @Override
            public void phaseStarted(String phase) {
                each.forEach(l -> l.phaseStarted(phase));
            }

            @Override
            public void tick() {
                each.forEach(RunListener::tick);
            }

            @Override
            public void canaryCompleted(Op invocation, Op completion) {
                for (RunListener l : each) {
                    l.canaryCompleted(invocation, completion);
                }
            }

            @Override
            public void faultStarted(PlannedFault fault, List<String> nodes) {
                each.forEach(l -> l.faultStarted(fault, nodes));
            }

            @Override
            public void faultHealed(PlannedFault fault) {
                each.forEach(l -> l.faultHealed(fault));
            }

            @Override
            public void alarmRaised(String az, String endpoint) {
                each.forEach(l -> l.alarmRaised(az, endpoint));
            }

            @Override
            public void alarmCleared(String az, String endpoint) {
                each.forEach(l -> l.alarmCleared(az, endpoint));
            }

            @Override
            public void scrubFinished(ScrubSummary scrub) {
                each.forEach(l -> l.scrubFinished(scrub));
            }

            @Override
            public void runFinished(String verdict) {
                each.forEach(l -> l.runFinished(verdict));
            }
        };
    }
}
