package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/**
 * A generated mix of every fault kind, quorum kept, with the file's seed. Only in the nightly profile
 * ({@code -Pnightly}): failsafe's default includes do not match {@code *Nightly}, so the gating suite skips it.
 */
@GamedayExperiment("experiments/nightly-mix.yaml")
class NightlyMixNightly extends ExperimentPassesOnTheCorrectStore {}
