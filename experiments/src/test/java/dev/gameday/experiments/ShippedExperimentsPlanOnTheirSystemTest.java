package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.experiment.TimeScale;
import dev.gameday.schedule.PlannedExperiment;
import dev.gameday.system.SystemAdapter;
import dev.gameday.system.Systems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every shipped file plans against the members of the system it names ({@code system:}), at real time and at the
 * gate's scale: a target naming a member the system does not have (an etcd file with {@code node: az1-storage-1})
 * fails the build here, not at the start of a run. The runner module's ShippedExperimentsTest cannot: it sees no
 * system adapter, so it plans with the store's shape.
 */
class ShippedExperimentsPlanOnTheirSystemTest {

    @Test
    void everyShippedFilePlansOnItsOwnSystem() throws Exception {
        Path dir = Path.of(System.getProperty("gameday.repo.dir", "..")).resolve("experiments");
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.endsWith("etcd-leader-isolation.yaml")), files.toString());
        int etcdFiles = 0;
        for (Path file : files) {
            LoadedExperiment loaded = new ExperimentLoader().load(file);
            SystemAdapter system = Systems.installed().of(loaded);
            etcdFiles += system.name().equals("etcd") ? 1 : 0;
            for (TimeScale scale : List.of(TimeScale.REAL_TIME, new TimeScale(0.25))) {
                PlannedExperiment planned = PlannedExperiment.plan(
                        loaded, scale, system.topology(loaded.experiment().cluster()));
                assertFalse(planned.plan().faults().isEmpty(), file + " injects no fault");
            }
        }
        assertEquals(5, etcdFiles, "the etcd files are planned with etcd's members");
    }
}
