package dev.gameday.experiment;

import dev.gameday.experiment.LoadedExperiment.ProblemCollector;

/** Checks of single fields that the validator and the fault types' own validation share. */
public final class FieldChecks {

    private FieldChecks() {}

    /** A list entry left empty in YAML ({@code - }) binds to null. */
    public static boolean present(ProblemCollector problems, String at, Object entry) {
        if (entry == null) {
            problems.add(at, "empty list entry");
        }
        return entry != null;
    }

    public static void ratio(ProblemCollector problems, String at, Double value) {
        if (value == null) {
            problems.add(at, "missing: a ratio between 0 and 1");
        } else if (!(value >= 0 && value <= 1)) {
            problems.add(at, "must be a ratio between 0 and 1, was " + value);
        }
    }
}
