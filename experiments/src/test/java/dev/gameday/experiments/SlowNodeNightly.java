package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/**
 * Latency on every link into a partition leader. Nightly only since stop 32, for time alone: the gate had reached
 * 42-43 minutes of its 45 on this 2-core machine, and this run takes about 88 s with boot at time scale 0.25. The
 * gate still checks the fault proxy's latency on a node link (NodeLinkFaultsIT) and each toxic's effect
 * (ToxicBehaviourTest).
 */
@GamedayExperiment("experiments/slow-node.yaml")
class SlowNodeNightly extends ExperimentPassesOnTheCorrectStore {}
