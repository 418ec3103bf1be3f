package dev.gameday.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A valid experiment together with where it came from, so that later stages (the schedule planner)
 * can still report a problem by file, line and field.
 */
public record LoadedExperiment(Path file, Experiment experiment, SourceLocations locations) {

    /** The same experiment with every duration scaled; locations still point into the file. */
    public LoadedExperiment scaled(TimeScale scale) {
        return new LoadedExperiment(file, experiment.scaled(scale), locations);
    }

    /** The same experiment with the seed given on the command line instead of the file's. */
    public LoadedExperiment withSeed(long seed) {
        return new LoadedExperiment(file, experiment.withSeed(seed), locations);
    }

    /** The same file's experiment replaced (e.g. its generated faults written out); locations still point into the file. */
    public LoadedExperiment with(Experiment replacement) {
        return new LoadedExperiment(file, replacement, locations);
    }

    /** Collects problems found at JSON pointers of this file; {@link #throwIfAny()} reports them all at once. */
    public ProblemCollector problems() {
        return new ProblemCollector(file, locations);
    }

    public static final class ProblemCollector {
        private final Path file;
        private final SourceLocations locations;
        private final List<ExperimentException.Problem> problems = new ArrayList<>();

        ProblemCollector(Path file, SourceLocations locations) {
            this.file = file;
            this.locations = locations;
        }

        public void add(String pointer, String message) {
            problems.add(new ExperimentException.Problem(
                    file, locations.lineOf(pointer), ExperimentException.fieldOf(pointer), message));
        }

        public int size() {
            return problems.size();
        }

        public void throwIfAny() throws ExperimentException {
            if (!problems.isEmpty()) {
                throw new ExperimentException(problems);
            }
        }
    }
}
