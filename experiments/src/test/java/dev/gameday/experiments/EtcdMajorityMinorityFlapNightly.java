package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/** etcd: a seeded minority of one member split off, four times (nightly: the gate runs one etcd experiment). */
@GamedayExperiment("experiments/etcd-majority-minority-flap.yaml")
class EtcdMajorityMinorityFlapNightly extends ExperimentPassesOnACorrectEtcd {}
