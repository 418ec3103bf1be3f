package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/** etcd: a whole AZ's member powered off and on, then the leader's (nightly: the gate runs one etcd experiment). */
@GamedayExperiment("experiments/etcd-az-power-off.yaml")
class EtcdAzPowerOffNightly extends ExperimentPassesOnACorrectEtcd {}
