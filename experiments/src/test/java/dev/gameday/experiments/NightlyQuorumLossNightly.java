package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/**
 * Generated faults that may take a majority of a group down: errors while it lasts are expected and not judged,
 * loss and stale reads fail it. Only in the nightly profile ({@code -Pnightly}), like {@link NightlyMixNightly}.
 */
@GamedayExperiment("experiments/nightly-quorum-loss.yaml")
class NightlyQuorumLossNightly extends ExperimentPassesOnTheCorrectStore {}
