package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/** Flipped bits and zeroed blocks in item files, live and at rest. */
@GamedayExperiment("experiments/bit-rot.yaml")
class BitRotIT extends CorruptionIsFoundAndRepaired {}
