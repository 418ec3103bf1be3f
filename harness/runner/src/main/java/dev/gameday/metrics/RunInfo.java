package dev.gameday.metrics;

import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.Workload;
import dev.gameday.schedule.FaultPlan;
import dev.gameday.schedule.PlannedExperiment;
import dev.gameday.schedule.PlannedFault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What a run is, for its live observers: the labels of {@code gameday_run_info}, the series the canary will
 * fill (so a listener can show them at zero before the first call), the phases and faults it plans, and its
 * clock.
 *
 * @param ops              the history's {@code f} of the canary calls the workload makes ({@code read},
 *                         {@code write}, {@code cas})
 * @param phases           the schedule's phases, then {@link #STAGES_AFTER_SCHEDULE}
 * @param elapsedNanos     the history's clock: nanoseconds since the run started
 * @param expectedDuration how long the schedule now lasts: the plan, plus how long faults waited so far for the
 *                         cluster's steady state
 */
public record RunInfo(
        String experiment,
        long seed,
        double timeScale,
        List<String> storeBugs,
        Path directory,
        List<String> azs,
        List<String> endpoints,
        List<String> ops,
        List<String> phases,
        List<PlannedFault> faults,
        LongSupplier elapsedNanos,
        Supplier<Duration> expectedDuration) {

    /** What a run does after its schedule, in order: the final reads and scrub, the checkers, the verdict. */
    public static final List<String> STAGES_AFTER_SCHEDULE = List.of("final-reads-and-scrub", "checks", "done");

    public RunInfo {
        storeBugs = List.copyOf(storeBugs);
        azs = List.copyOf(azs);
        endpoints = List.copyOf(endpoints);
        ops = List.copyOf(ops);
        phases = List.copyOf(new LinkedHashSet<>(phases));
        faults = List.copyOf(faults);
    }

    /** The info of {@code planned} run against routers {@code endpoints}, writing into {@code directory}. */
    public static RunInfo of(
            PlannedExperiment planned,
            List<String> endpoints,
            List<String> storeBugs,
            Path directory,
            LongSupplier elapsedNanos,
            Supplier<Duration> expectedDuration) {
        Experiment experiment = planned.scaled().experiment();
        FaultPlan plan = planned.plan();
        List<String> phases = new ArrayList<>(
                plan.phases().stream().map(FaultPlan.PhaseWindow::name).toList());
        phases.addAll(STAGES_AFTER_SCHEDULE);
        return new RunInfo(
                experiment.name(),
                experiment.seed(),
                planned.scale().factor(),
                storeBugs,
                directory,
                experiment.cluster().azs(),
                endpoints,
                ops(experiment.workload().mix()),
                phases,
                plan.faults(),
                elapsedNanos,
                expectedDuration);
    }

    /** The ops a mix makes: a unique write is a {@code write} in the history too. */
    private static List<String> ops(Workload.Mix mix) {
        List<String> ops = new ArrayList<>();
        if (positive(mix.read())) {
            ops.add("read");
        }
        if (positive(mix.write()) || positive(mix.uniqueWrite())) {
            ops.add("write");
        }
        if (positive(mix.cas())) {
            ops.add("cas");
        }
        return ops;
    }

    private static boolean positive(Integer weight) {
        return weight != null && weight > 0;
    }

    public Duration elapsed() {
        return Duration.ofNanos(elapsedNanos.getAsLong());
    }
}
