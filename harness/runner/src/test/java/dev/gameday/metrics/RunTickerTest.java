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
    private static final FaultPlan PLAN = new FaultPlan(1, List.of(
            new FaultPlan.PhaseWindow("steady", Duration.ZERO, Duration.ofSeconds(10)),
            new FaultPlan.PhaseWindow("chaos", Duration.ofSeconds(10), Duration.ofSeconds(30))), List.of());

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
            Thread.sleep(3 * RunTicker.PERIOD.toMillis());
            assertEquals(List.of("steady"), phases, "still steady: the schedule runs 5 s late");
            clock.set(Duration.ofSeconds(16).toNanos());
            Thread.sleep(3 * RunTicker.PERIOD.toMillis());
            assertEquals(List.of("steady", "chaos"), phases);
            ticker.enter(RunInfo.STAGES_AFTER_SCHEDULE.get(0));
            Thread.sleep(2 * RunTicker.PERIOD.toMillis());
            assertEquals(List.of("steady", "chaos", "final-reads-and-scrub"), phases, "a stage holds against the plan");
        }
        assertEquals("steady", RunTicker.phaseAt(PLAN.phases(), Duration.ofSeconds(7)));
        assertEquals("chaos", RunTicker.phaseAt(PLAN.phases(), Duration.ofSeconds(10)));
        assertEquals("chaos", RunTicker.phaseAt(PLAN.phases(), Duration.ofSeconds(45)), "the last one after the plan");
    }
}
