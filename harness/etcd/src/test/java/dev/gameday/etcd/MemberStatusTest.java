package dev.gameday.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MemberStatusTest {

    /** What etcd 3.4.23 (Debian's etcd-server) answered to POST /v3/maintenance/status, as it printed it. */
    private static final String LEADER = """
      {"header":{"cluster_id":"14841639068965178418","member_id":"10276657743932975437","revision":"1",\
      "raft_term":"2"},"version":"3.4.23","dbSize":"20480","leader":"10276657743932975437","raftIndex":"4",\
      "raftTerm":"2","raftAppliedIndex":"4","dbSizeInUse":"16384"}""";

    @Test
    void readsUnsignedIdsAndKnowsALeader() throws Exception {
        MemberStatus status = MemberStatus.parse("az1-etcd-1", new ObjectMapper().readTree(LEADER));
        // Above Long.MAX_VALUE: kept as the same 64 bits.
        assertEquals(Long.parseUnsignedLong("10276657743932975437"), status.memberId());
        assertEquals(status.memberId(), status.leaderId());
        assertEquals(2, status.raftTerm());
        assertEquals(4, status.raftIndex());
        assertEquals(1, status.revision());
        assertEquals("3.4.23", status.version());
        assertTrue(status.leads());
    }

    @Test
    void aFollowerAndAMemberWithoutLeaderDoNotLead() throws Exception {
        String follower = LEADER.replace("\"leader\":\"10276657743932975437\"", "\"leader\":\"42\"");
        assertFalse(
                MemberStatus.parse("m", new ObjectMapper().readTree(follower)).leads());
        // No leader: protobuf's zero, which the gateway leaves out.
        String leaderless = LEADER.replace("\"leader\":\"10276657743932975437\",", "");
        assertFalse(
                MemberStatus.parse("m", new ObjectMapper().readTree(leaderless)).leads());
    }
}
