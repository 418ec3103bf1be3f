package dev.gameday.etcd;

import dev.gameday.nemesis.SteadyStateProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * etcd whole again, as its members report it ({@code Status}): every member answers, one leads, and every member's
 * Raft index has reached the leader's when the wait first saw it. A member powered on again answers before it has
 * the entries it missed; a second fault meanwhile would take the quorum the experiment assumed.
 */
final class EtcdSteadyState implements SteadyStateProbe {

    private final EtcdCluster etcd;

    EtcdSteadyState(EtcdCluster etcd) {
        this.etcd = etcd;
    }

    @Override
    public Wait begin() {
        return new Wait() {
            /** The leader's Raft index when first seen in this wait: what "caught up" means. */
            private Long catchUpTo;

            private Map<String, Optional<MemberStatus>> lastSeen = Map.of();

            @Override
            public List<String> missing() {
                lastSeen = statuses();
                List<String> missing = new ArrayList<>();
                MemberStatus leader = null;
                for (Map.Entry<String, Optional<MemberStatus>> member : lastSeen.entrySet()) {
                    if (member.getValue().isEmpty()) {
                        missing.add(member.getKey() + ": does not answer");
                    } else if (member.getValue().get().leads()
                            && (leader == null || member.getValue().get().raftTerm() > leader.raftTerm())) {
                        leader = member.getValue().get();
                    }
                }
                if (leader == null) {
                    missing.add("no leader");
                    return missing;
                }
                if (catchUpTo == null) {
                    catchUpTo = leader.raftIndex();
                }
                for (Optional<MemberStatus> status : lastSeen.values()) {
                    if (status.isPresent() && status.get().raftIndex() < catchUpTo) {
                        missing.add(status.get().member() + ": raft index "
                                + status.get().raftIndex() + " of " + catchUpTo);
                    }
                }
                return missing;
            }

            @Override
            public List<String> describe() {
                List<String> lines = new ArrayList<>();
                lastSeen.forEach((member, status) ->
                        lines.add(status.map(s -> member + (s.leads() ? " leads" : " follows") + ", term "
                                        + s.raftTerm() + ", raft index " + s.raftIndex() + ", revision " + s.revision())
                                .orElse(member + ": no answer")));
                return lines;
            }
        };
    }

    private Map<String, Optional<MemberStatus>> statuses() {
        Map<String, Optional<MemberStatus>> statuses = new LinkedHashMap<>();
        etcd.members().forEach(member -> statuses.put(member.name(), etcd.status(member.name())));
        return statuses;
    }
}
