package dev.gameday.store.api.incident;

import java.util.Objects;

/**
 * One storage corruption a node detected since it started, and whether it was repaired.
 *
 * @param kind     {@code item-store} (a replica's RocksDB), {@code raft-log} (a replica's Raft log) or
 *                 {@code archive} (an archived segment object)
 * @param group    the replication group, e.g. "data-0"
 * @param replica  the node whose replica is corrupt; null for the archive, which belongs to no replica
 * @param detail   what was found and where (file, object key, index)
 * @param repairedAtMillis null while not repaired
 */
public record Incident(
        String kind,
        String group,
        String replica,
        long detectedAtMillis,
        String detail,
        boolean repaired,
        Long repairedAtMillis) {
    public static final String ITEM_STORE = "item-store";
    public static final String RAFT_LOG = "raft-log";
    public static final String ARCHIVE = "archive";

    public boolean concerns(String kind, String group, String replica) {
        return this.kind.equals(kind) && this.group.equals(group) && Objects.equals(this.replica, replica);
    }

    public Incident markRepaired(long atMillis) {
        return new Incident(kind, group, replica, detectedAtMillis, detail, true, atMillis);
    }
}
