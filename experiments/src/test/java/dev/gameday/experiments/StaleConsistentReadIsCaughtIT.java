package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;
import dev.gameday.store.api.bugs.StoreBug;
import org.junit.jupiter.api.Tag;

/**
 * Split-brain partitions against a store whose ConsistentRead is served by any replica: the
 * minority's router reads its own AZ's replica, which no longer hears the leader, so reads return
 * values older than acknowledged writes. The linearizability checker must say so, with the reads
 * and writes that prove it.
 */
@Tag("docker")
@GamedayExperiment(value = "experiments/majority-minority-flap.yaml", storeBugs = StoreBug.STALE_CONSISTENT_READ)
class StaleConsistentReadIsCaughtIT extends BugCaughtAsStaleRead {}
