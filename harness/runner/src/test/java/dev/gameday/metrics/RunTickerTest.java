package dev.gameday.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gameday.schedule.FaultPlan;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RunTickerTest {
    private static final FaultPlan PLAN = new FaultPlan(
            1,
            List.of(
                    new FaultPlan.PhaseWindow("steady", Duration.ZERO, Duration.ofSeconds(10)),
                    new FaultPlan.PhaseWindow("chaos", Duration.ofSeconds(10), Duration.ofSeconds(30))),
            List.of());

    /**
     * Waits for the ticker to report {@code expected}, up to 10 s: a fixed sleep of three periods (750 ms)
     * fails whenever the ticker thread loses that long to a loaded 2-core machine. A ticker that never gets there
     * still fails, and one that reports more or other phases fails on the exact list.
     */
    private static void awaitPhases(List<String> phases, List<String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (phases.size() < expected.size() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, phases);
    }

    @Test
    void thePhaseIsReadOffThePlanMovedByTheSteadyStateWaits() throws Exception {
        AtomicLong clock = new AtomicLong();
        AtomicReference<Duration> shift = new AtomicReference<>(Duration.ZERO);
        List<String> phases = new CopyOnWriteArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void phaseStarted(String phase) {
                phases.add(phase);
            }
        };
        try (RunTicker ticker = RunTicker.start(PLAN, clock::get, shift::get, listener)) {
            assertEquals(List.of("steady"), phases, "the first phase at once");
            shift.set(Duration.ofSeconds(5)); // a fault waited 5 s for the steady state
            clock.set(Duration.ofSeconds(12).toNanos()); // 7 s into the plan
            // Nothing may change here; a ticker thread descheduled on a loaded machine only ticks
            // less, which cannot make this fail.
            Thread.sleep(3 * RunTicker.PERIOD.toMillis());
            assertEquals(List.of("steady"), phases, "still steady: the schedule runs 5 s late");
            clock.set(Duration.ofSeconds(16).toNanos());
            awaitPhases(phases, List.of("steady", "chaos"));
            ticker.enter(RunInfo.STAGES_AFTER_SCHEDULE.get(0));
            Thread.sleep(2 * RunTicker.PERIOD.toMillis());
            assertEquals(List.of("steady", "chaos", "final-reads-and-scrub"), phases, "a stage holds against the plan");
        }
        assertEquals("steady", RunTicker.phaseAt(PLAN.phases(), Duration.ofSeconds(7)));
        assertEquals("chaos", RunTicker.phaseAt(PLAN.phases(), Duration.ofSeconds(10)));
        assertEquals("chaos", RunTicker.phaseAt(PLAN.phases(), Duration.ofSeconds(45)), "the last one after the plan");
    }
}
