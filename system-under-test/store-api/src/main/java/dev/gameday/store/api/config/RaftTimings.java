package dev.gameday.store.api.config;

/**
 * Raft timing: election timeout range and how long a router waits for a replication group before it reports
 * the request as unavailable. Generous by default: a loaded 2-core machine must not cause elections.
 */
public record RaftTimings(long electionMinMillis, long electionMaxMillis, long requestTimeoutMillis) {
    public static RaftTimings defaults() {
        return new RaftTimings(1500, 3000, 10_000);
    }
}
