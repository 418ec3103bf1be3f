package dev.gameday.etcd;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one etcd member says of itself (its {@code Status} RPC): its own id, the id of the leader it follows,
 * its Raft term and index, and its revision. etcd's JSON gateway writes 64-bit ids as decimal strings, unsigned.
 */
public record MemberStatus(
        String member, long memberId, long leaderId, long raftTerm, long raftIndex, long revision, String version) {

    /** True when the member believes it leads (it may be a deposed leader that has not heard of a newer term). */
    public boolean leads() {
        return leaderId != 0 && leaderId == memberId;
    }

    /** @param json the body of {@code POST /v3/maintenance/status} */
    static MemberStatus parse(String member, JsonNode json) {
        JsonNode header = json.path("header");
        return new MemberStatus(
                member,
                unsigned(header, "member_id"),
                unsigned(json, "leader"),
                unsigned(json, "raftTerm"),
                unsigned(json, "raftIndex"),
                unsigned(header, "revision"),
                json.path("version").asText(""));
    }

    /** A missing field is zero, as in the protobuf message the gateway leaves it out of. */
    private static long unsigned(JsonNode parent, String field) {
        JsonNode value = parent.path(field);
        return value.isMissingNode() ? 0 : Long.parseUnsignedLong(value.asText());
    }
}
