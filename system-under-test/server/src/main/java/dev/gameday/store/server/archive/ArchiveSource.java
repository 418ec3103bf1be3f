package dev.gameday.store.server.archive;

import java.util.Optional;

/**
 * The node an {@link Archiver} runs on, as the archiver sees it: which data groups it leads, in which term, and
 * its replicas' archive logs. The node owns its archiver and implements this, so the archive package does not
 * depend on the node's (which depends on it).
 */
public interface ArchiveSource {
    boolean isLeader(String group);

    /** The node's current Raft term in the group (-1 if it hosts no replica). */
    long term(String group);

    /** The archive log of this node's replica of the group, or empty if it hosts none (or it is not started yet). */
    Optional<ArchiveLog> archiveLog(String group);
}
