package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/** etcd's leader cut off from both other members, then healed (system: etcd): the gate's one etcd experiment. */
@GamedayExperiment("experiments/etcd-leader-isolation.yaml")
class EtcdLeaderIsolationIT extends ExperimentPassesOnACorrectEtcd {}
