package dev.gameday.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gameday.experiment.ClusterShape;
import dev.gameday.store.api.bugs.BugSwitches;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreClusterSpecTest {

    private static final ClusterShape SHAPE =
            new ClusterShape(List.of("az1", "az2", "az3"), 1, 1, List.of(new ClusterShape.TableSpec("canary", 3)));

    @Test
    void theRunSeedIsKeptByTheWithers() {
        StoreClusterSpec run7 = StoreClusterSpec.of(SHAPE, BugSwitches.none()).withSeed(7);

        assertEquals(
                7,
                run7.withPowerOff(PowerOffMode.POWER_LOSS)
                        .withFaultFilesystem(true)
                        .seed(),
                "kept by the withers");
    }
}
