package dev.gameday.etcd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which corrupted member an etcd alarm counts as detecting, in the scrub's judgement. */
class EtcdAlarmAttributionTest {

    @Test
    void anAlarmNamingAMemberPointsAtThatMemberOnly() {
        Set<String> corrupted = Set.of("az1-etcd-1");
        assertTrue(EtcdStoreAccess.alarmPointsAt("CORRUPT on az1-etcd-1", "az1-etcd-1", corrupted));
        assertFalse(EtcdStoreAccess.alarmPointsAt("CORRUPT on az2-etcd-1", "az1-etcd-1", corrupted));
        assertFalse(EtcdStoreAccess.alarmPointsAt("NOSPACE on az2-etcd-1", "az1-etcd-1", corrupted));
    }

    @Test
    void etcdsUnattributedCorruptAlarmPointsAtTheOneCorruptedMemberAndNoOther() {
        assertTrue(EtcdStoreAccess.alarmPointsAt("CORRUPT on member 0", "az1-etcd-1", Set.of("az1-etcd-1")));
        assertFalse(EtcdStoreAccess.alarmPointsAt("CORRUPT on member 0", "az2-etcd-1", Set.of("az1-etcd-1")));
        // Two corrupted members: the alarm cannot say which one etcd found.
        assertFalse(
                EtcdStoreAccess.alarmPointsAt("CORRUPT on member 0", "az1-etcd-1", Set.of("az1-etcd-1", "az2-etcd-1")));
        assertFalse(EtcdStoreAccess.alarmPointsAt("CORRUPT on member 0", "az1-etcd-1", Set.of()));
    }
}
