package dev.gameday.faultfs;

/** When a directory entry change (create, rename, unlink, mkdir, rmdir) survives a power loss. */
public enum DirectoryEntries {
    /**
     * As on a journaling filesystem (ext4, XFS, the filesystems stores run on): entry changes enter the journal in
     * the order they are made and any fsync commits the journal, so a sync of any file or directory makes every
     * earlier entry change durable. File contents still need their own file's fsync. The default.
     */
    JOURNALED,
    /**
     * POSIX's minimum: an entry change is durable only once its own directory is synced (a new file's own fsync
     * also keeps its entry, as every Linux filesystem does). Finds code that only works because of a journal's
     * ordering, e.g. Ratis 3.2.0 renames a closed log segment without syncing its directory, and after the
     * rename is lost it finds two open segments and does not start.
     */
    DIRECTORY_SYNC
}
