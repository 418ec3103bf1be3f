package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/** Flipped bits and a truncation in archived WAL segments. */
@GamedayExperiment("experiments/archive-corruption.yaml")
class ArchiveCorruptionIT extends CorruptionIsFoundAndRepaired {}
