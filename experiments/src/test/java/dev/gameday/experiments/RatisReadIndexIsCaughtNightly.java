package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;
import dev.gameday.store.api.bugs.StoreBug;
import org.junit.jupiter.api.Tag;

/**
 * Split-brain partitions against a store whose ConsistentRead uses Ratis 3.2.0's ReadIndex again (issue 10): a
 * leader cut off from both followers, after a quiet moment, answers reads without a heartbeat round until it steps
 * down. In the refused cuts the majority's routers reach the new leader at once and its writes commit while the
 * deposed leader, which its own AZ's router still reaches, serves the older values. Nightly: the gate has
 * {@code StaleConsistentReadIsCaughtIT} on the same file, and the store's {@code DeposedLeaderConsistentReadTest}
 * guards this bug in one JVM.
 */
@Tag("docker")
@GamedayExperiment(value = "experiments/majority-minority-flap.yaml", storeBugs = StoreBug.RATIS_READ_INDEX)
class RatisReadIndexIsCaughtNightly extends BugCaughtAsStaleRead {}
