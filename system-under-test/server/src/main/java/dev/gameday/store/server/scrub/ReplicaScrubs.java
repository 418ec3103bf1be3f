package dev.gameday.store.server.scrub;

import dev.gameday.store.api.scrub.ReplicaScrubResult;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The scrub results this node's replicas computed, by group and scrub id, for the coordinator to collect. */
public final class ReplicaScrubs {
    private final Map<String, ReplicaScrubResult> results = new ConcurrentHashMap<>();

    public void record(ReplicaScrubResult r) {
        results.put(r.group() + "/" + r.scrubId(), r);
    }

    public Optional<ReplicaScrubResult> find(String group, String scrubId) {
        return Optional.ofNullable(results.get(group + "/" + scrubId));
    }
}
