package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/** Zeroed and flipped bytes at the end of Raft logs, at rest. */
@GamedayExperiment("experiments/log-tail-corruption.yaml")
class LogTailCorruptionIT extends CorruptionIsFoundAndRepaired {}
