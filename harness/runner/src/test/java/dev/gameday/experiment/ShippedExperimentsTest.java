package dev.gameday.experiment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.schedule.FaultPlan;
import dev.gameday.schedule.PlannedExperiment;
import dev.gameday.schedule.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every file shipped in /experiments must load and plan: a broken shipped file fails the build. */
class ShippedExperimentsTest {

    static List<Path> shippedFiles() throws IOException {
        String dir = System.getProperty("gameday.experimentsDir");
        assertTrue(dir != null, "surefire sets gameday.experimentsDir");
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            return files.filter(
                            f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void everyShippedExperimentLoadsAndPlans() throws Exception {
        List<Path> files = shippedFiles();
        assertTrue(files.stream().anyMatch(f -> f.endsWith("az-power-off.yaml")), files.toString());
        assertTrue(files.stream().anyMatch(f -> f.endsWith("random-power-offs.yaml")), files.toString());
        for (Path file : files) {
            LoadedExperiment loaded = new ExperimentLoader().load(file);
            Topology topology = Topology.fromShape(loaded.experiment().cluster());
            FaultPlan plan = PlannedExperiment.plan(loaded, TimeScale.REAL_TIME, topology)
                    .plan();
            assertFalse(plan.faults().isEmpty(), file + " injects no fault");
            // The CI profile must plan too: scaling must not break the schedule.
            PlannedExperiment.plan(loaded, new TimeScale(0.05), topology);
        }
    }
}
