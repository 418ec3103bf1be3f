package dev.gameday.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The concrete timeline of a run: phases one after another, and the faults placed on them. */
public record FaultPlan(long seed, List<PhaseWindow> phases, List<PlannedFault> faults) {

    /** A phase placed on the timeline. */
    public record PhaseWindow(String name, Duration start, Duration end) {}

    public FaultPlan {
        phases = List.copyOf(phases);
        faults = List.copyOf(faults);
    }

    public Duration totalDuration() {
        return phases.isEmpty() ? Duration.ZERO : phases.get(phases.size() - 1).end();
    }

    /**
     * Every start and end in time order. At the same instant ends come first, so a node healed at
     * 60s is up before a fault starting at 60s picks its targets.
     */
    public List<FaultEvent> events() {
        List<FaultEvent> events = new ArrayList<>();
        for (PlannedFault f : faults) {
            events.add(new FaultEvent(f.start(), FaultEvent.Kind.START, f));
            events.add(new FaultEvent(f.end(), FaultEvent.Kind.END, f));
        }
        events.sort(Comparator.comparing(FaultEvent::at)
                .thenComparing(e -> e.kind() == FaultEvent.Kind.START)
                .thenComparingInt(e -> e.fault().id()));
        return events;
    }
}
