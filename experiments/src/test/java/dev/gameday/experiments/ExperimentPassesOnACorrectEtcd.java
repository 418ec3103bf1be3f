package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.etcd.EtcdCluster;
import dev.gameday.etcd.EtcdSystem;
import dev.gameday.etcd.RunningEtcd;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** An etcd experiment (system: etcd) on a correct etcd: it passes, and after healing etcd is whole again. */
abstract class ExperimentPassesOnACorrectEtcd extends ExperimentPassesOnACorrectSystem {

    /** Every member is back: each runs and answers, and all of them follow the one leader. */
    @Test
    void theHealedClusterIsWhole(RunningEtcd etcd) {
        EtcdCluster members = etcd.etcd();
        members.members().forEach(m -> assertTrue(members.isRunning(m.name()), m.name() + " runs"));
        String leader = etcd.leaders().get(EtcdSystem.GROUP);
        assertTrue(leader != null, "etcd has a leader");
        Set<Long> leaderIds = members.members().stream()
                .map(m -> members.status(m.name())
                        .orElseThrow(() -> new AssertionError(m.name() + " answers"))
                        .leaderId())
                .collect(Collectors.toSet());
        assertEquals(1, leaderIds.size(), () -> "every member follows the same leader: " + leaderIds);
    }
}
