package dev.gameday.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.gameday.experiment.ClusterShape;
import dev.gameday.store.api.bugs.BugSwitches;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreClusterSpecTest {

    private static final ClusterShape SHAPE =
            new ClusterShape(List.of("az1", "az2", "az3"), 1, 1, List.of(new ClusterShape.TableSpec("canary", 3)));

    @Test
    void faultFilesystemSeedsFollowTheRunSeedAndDifferPerNodeAndCut() {
        StoreClusterSpec run7 = StoreClusterSpec.of(SHAPE, BugSwitches.none()).withSeed(7);
        StoreClusterSpec run8 = StoreClusterSpec.of(SHAPE, BugSwitches.none()).withSeed(8);

        assertEquals(
                run7.faultFsSeed("az1-storage-1", 1),
                StoreClusterSpec.of(SHAPE, BugSwitches.none()).withSeed(7).faultFsSeed("az1-storage-1", 1),
                "the same seed tears the same writes");
        assertNotEquals(run7.faultFsSeed("az1-storage-1", 1), run8.faultFsSeed("az1-storage-1", 1), "another --seed");
        assertNotEquals(run7.faultFsSeed("az1-storage-1", 1), run7.faultFsSeed("az2-storage-1", 1), "another node");
        assertNotEquals(run7.faultFsSeed("az1-storage-1", 1), run7.faultFsSeed("az1-storage-1", 2), "the next cut");
        assertEquals(
                7,
                run7.withPowerOff(PowerOffMode.POWER_LOSS)
                        .withFaultFilesystem(true)
                        .seed(),
                "kept by the withers");
    }
}
