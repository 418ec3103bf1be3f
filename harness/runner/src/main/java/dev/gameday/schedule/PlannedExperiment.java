package dev.gameday.schedule;

import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.experiment.TimeScale;

/**
 * An experiment scaled and planned, once, before anything starts; every later stage (the cluster's shape, the
 * run, the report) takes this instead of scaling and planning again, so all of them see the same plan.
 *
 * @param asWritten the experiment as in the file, its generated faults written out (as in plan.yaml): some allowances are not scaled (how long a process takes to
 *                  boot does not shrink with the schedule)
 * @param scaled    the experiment with every duration multiplied by the scale's factor
 * @param topology  the cluster the plan is for
 */
public record PlannedExperiment(
        LoadedExperiment asWritten, TimeScale scale, LoadedExperiment scaled, Topology topology, FaultPlan plan) {

    /** Throws when the plan does not fit the topology (bad input: nothing was started). */
    public static PlannedExperiment plan(LoadedExperiment asWritten, TimeScale scale, Topology topology)
            throws ExperimentException {
        // Generated faults are drawn on the schedule as written, so plan.yaml replays them at any time scale.
        asWritten = ScheduleGenerator.expand(asWritten);
        LoadedExperiment scaled = asWritten.scaled(scale);
        return new PlannedExperiment(asWritten, scale, scaled, topology, Planner.plan(scaled, topology));
    }
}
