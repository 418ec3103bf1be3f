package dev.gameday.store.api.bugs;

import java.util.Arrays;
import java.util.List;

/**
 * The store's deliberate faults, which the harness turns on to prove its checkers catch real violations. This
 * is the one list of them: the command line's {@code --store-bug}, the JUnit {@code @GamedayExperiment}, the
 * cluster config the processes read and the store itself all name a bug through this enum.
 */
public enum StoreBug {
    ACK_BEFORE_QUORUM(
            "ack-before-quorum",
            "ackBeforeQuorum",
            "the leader acknowledges a write before a quorum has it; a leader crash loses it"),
    STALE_CONSISTENT_READ(
            "stale-consistent-read",
            "staleConsistentRead",
            "ConsistentRead=true is served by any replica without a leadership check"),
    SCRUB_NEVER_REPAIRS(
            "scrub-never-repairs", "scrubNeverRepairs", "scrub reports mismatches but never repairs the bad replica"),
    RATIS_READ_INDEX(
            "ratis-read-index",
            "ratisReadIndex",
            "ConsistentRead=true goes through Ratis 3.2.0's own ReadIndex and nothing else, which lets a leader cut "
                    + "off from its followers answer from before a newer leader's writes (the store before issue 10's "
                    + "fix; RATIS-READINDEX-BUG.md)"),
    RAFT_LOG_UNSAFE_FLUSH(
            "raft-log-unsafe-flush",
            "raftLogUnsafeFlush",
            "the Raft log counts an entry as flushed before its fsync returns (Ratis' unsafe-flush setting), so a "
                    + "majority can acknowledge a write that is only in page caches; losing their power loses it"),
    APPLIED_INDEX_OUTRUNS_ITEMS(
            "applied-index-outruns-items",
            "appliedIndexOutrunsItems",
            "a replica fsyncs how far it applied to a file of its own but leaves the items in RocksDB's unsynced log; "
                    + "after a power loss it trusts the file and skips replaying the entries whose items were lost");

    private final String optionName;
    private final String configKey;
    private final String description;

    StoreBug(String optionName, String configKey, String description) {
        this.optionName = optionName;
        this.configKey = configKey;
        this.description = description;
    }

    /** The name on the command line, e.g. {@code --store-bug ack-before-quorum}. */
    public String optionName() {
        return optionName;
    }

    /**
     * The key in the cluster config's {@code bugs} object, which is also how a run's report lists the bugs that
     * were on: both are read by other processes and tools, so it never changes.
     */
    public String configKey() {
        return configKey;
    }

    public String description() {
        return description;
    }

    public static List<String> optionNames() {
        return Arrays.stream(values()).map(StoreBug::optionName).toList();
    }

    public static StoreBug fromOptionName(String name) {
        return Arrays.stream(values())
                .filter(b -> b.optionName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown store bug '" + name + "'; known: " + String.join(", ", optionNames())));
    }

    static StoreBug fromConfigKey(String key) {
        return Arrays.stream(values())
                .filter(b -> b.configKey.equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown store bug '" + key
                        + "' in the cluster config; " + "known: "
                        + Arrays.stream(values()).map(StoreBug::configKey).toList()));
    }
}
