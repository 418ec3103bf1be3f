package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;
import org.junit.jupiter.api.Disabled;

/** A bridge partition, then a ring, on six nodes. */
@Disabled("Open store bug this experiment found: under the ring partition a ConsistentRead through az3-router-1"
    + " returned the value before a write another ConsistentRead had already seen (failed 1 of 3 runs; the"
    + " failing run's counterexample is in experiments/README.md). Enable again with the fix.")
@GamedayExperiment("experiments/bridge-and-ring.yaml")
class BridgeAndRingIT extends ExperimentPassesOnTheCorrectStore {
}
