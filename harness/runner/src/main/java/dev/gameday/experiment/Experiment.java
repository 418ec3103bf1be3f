package dev.gameday.experiment;

import java.util.List;

/**
 * One game day, as written in {@code experiments/NAME.yaml}. Bound by {@link ExperimentLoader}, which
 * only hands out experiments that passed {@link ExperimentValidator}; boxed fields are null only
 * while unvalidated.
 *
 * @param system   the system under test, by the name its adapter registers (see {@code dev.gameday.system.Systems}
 *                 in harness/cluster); without the field, {@link #DEFAULT_SYSTEM}
 * @param checkers which checkers judge the run (see {@code dev.gameday.check.Checkers}); without the field,
 *                 {@link CheckerSpec#DEFAULT}
 */
public record Experiment(
        String name,
        String description,
        String system,
        Long seed,
        ClusterShape cluster,
        Workload workload,
        List<Phase> schedule,
        Hypothesis hypothesis,
        List<StopCondition> stopConditions,
        AvailabilitySpec availability,
        List<CheckerSpec> checkers) {

    /** The store this repository ships as its system under test. */
    public static final String DEFAULT_SYSTEM = "gameday-store";

    public Experiment {
        system = system == null ? DEFAULT_SYSTEM : system;
        stopConditions = stopConditions == null ? List.of() : stopConditions;
        availability = availability == null ? AvailabilitySpec.DEFAULT : availability;
        checkers = checkers == null ? CheckerSpec.DEFAULT : checkers;
    }

    /**
     * The clocks that this experiment's clock faults move, or null when it has none: a node's clock library is
     * loaded, and told which clocks it may move, when the node boots, so only such runs load it.
     */
    public ClockSpec.Clocks clocksMoved() {
        return schedule.stream()
                .flatMap(p -> p.faults().stream())
                .filter(f -> f.type() == FaultType.CLOCK && f.clock() != null)
                .map(f -> f.clock().clocks())
                .reduce((a, b) -> a == ClockSpec.Clocks.BOTH ? a : b)
                .orElse(null);
    }

    Experiment withName(String newName) {
        return new Experiment(
                newName,
                description,
                system,
                seed,
                cluster,
                workload,
                schedule,
                hypothesis,
                stopConditions,
                availability,
                checkers);
    }

    /** The same experiment with another seed: other targets and canary traffic, same schedule. */
    public Experiment withSeed(long newSeed) {
        return new Experiment(
                name,
                description,
                system,
                newSeed,
                cluster,
                workload,
                schedule,
                hypothesis,
                stopConditions,
                availability,
                checkers);
    }

    /** The same experiment against another system (a benchmark boots one cluster shape as each system). */
    public Experiment withSystem(String newSystem) {
        return new Experiment(
                name,
                description,
                newSystem,
                seed,
                cluster,
                workload,
                schedule,
                hypothesis,
                stopConditions,
                availability,
                checkers);
    }

    /** The same experiment with another schedule (generated faults written out). */
    public Experiment withSchedule(List<Phase> newSchedule) {
        return new Experiment(
                name,
                description,
                system,
                seed,
                cluster,
                workload,
                newSchedule,
                hypothesis,
                stopConditions,
                availability,
                checkers);
    }

    /** The same experiment with every duration multiplied by the scale's factor. */
    public Experiment scaled(TimeScale scale) {
        return new Experiment(
                name,
                description,
                system,
                seed,
                cluster.scaled(scale),
                workload,
                schedule.stream().map(p -> p.scaled(scale)).toList(),
                hypothesis.scaled(scale),
                stopConditions.stream().map(s -> s.scaled(scale)).toList(),
                availability.scaled(scale),
                checkers);
    }
}
