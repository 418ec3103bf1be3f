package dev.gameday.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultFileSystemsTest {

    private static final Path DATA = Path.of("target", "no-such-data");

    @Test
    void seedsFollowTheRunSeedAndDifferPerMemberAndPowerLoss() {
        FaultFileSystems run7 = new FaultFileSystems(DATA, PowerOffMode.POWER_LOSS, 7);
        FaultFileSystems run8 = new FaultFileSystems(DATA, PowerOffMode.POWER_LOSS, 8);

        assertEquals(
                run7.seed("az1-storage-1", 1),
                new FaultFileSystems(DATA, PowerOffMode.POWER_LOSS, 7).seed("az1-storage-1", 1),
                "the same seed tears the same writes");
        assertNotEquals(run7.seed("az1-storage-1", 1), run8.seed("az1-storage-1", 1), "another --seed");
        assertNotEquals(run7.seed("az1-storage-1", 1), run7.seed("az2-storage-1", 1), "another member");
        assertNotEquals(run7.seed("az1-storage-1", 1), run7.seed("az1-storage-1", 2), "the next power loss");
    }

    @Test
    void withoutAMountAPowerOffKillsAndSaysItKeptThePageCache() {
        FaultFileSystems sigkill = new FaultFileSystems(DATA, PowerOffMode.SIGKILL, 7);
        List<String> killed = new ArrayList<>();

        assertEquals(
                List.of(PowerOffMode.sigkillChange("az1-etcd-1")),
                sigkill.powerOff(List.of("az1-etcd-1"), killed::addAll, member -> false));
        assertEquals(List.of("az1-etcd-1"), killed);
    }
}
