package dev.gameday.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gameday.experiment.DurationText;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.experiment.TimeScale;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Pins the plan of one shipped experiment, at real time and at the CI scale: planning once (PlannedExperiment)
 * instead of in each stage must not move a fault or change a target for the same seed and scale. The file was
 * written by the code that planned in each stage (commit 93189f2).
 */
class ShippedPlanPinTest {

    static String render(FaultPlan plan) {
        StringBuilder text =
                new StringBuilder("seed " + plan.seed() + ", run " + DurationText.format(plan.totalDuration()) + "\n");
        plan.phases()
                .forEach(p -> text.append("phase ")
                        .append(p.name())
                        .append(" +")
                        .append(DurationText.format(p.start()))
                        .append(" .. +")
                        .append(DurationText.format(p.end()))
                        .append('\n'));
        plan.faults().forEach(f -> text.append(f).append('\n'));
        return text.toString();
    }

    static FaultPlan plan(LoadedExperiment loaded, TimeScale scale) throws Exception {
        return PlannedExperiment.plan(
                        loaded, scale, Topology.fromShape(loaded.experiment().cluster()))
                .plan();
    }

    @Test
    void randomPowerOffsPlansAsBefore() throws Exception {
        LoadedExperiment loaded = new ExperimentLoader()
                .load(Path.of(System.getProperty("gameday.experimentsDir"), "random-power-offs.yaml"));
        String rendered = render(plan(loaded, TimeScale.REAL_TIME)) + "--- time scale 0.1\n"
                + render(plan(loaded, new TimeScale(0.1)));
        assertEquals(Files.readString(Path.of("src/test/resources/golden/random-power-offs.plan")), rendered);
    }
}
