package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/** Latency and timeouts on one AZ's router paths. */
@GamedayExperiment("experiments/client-gray-failure.yaml")
class ClientGrayFailureIT extends ExperimentPassesOnTheCorrectStore {}
