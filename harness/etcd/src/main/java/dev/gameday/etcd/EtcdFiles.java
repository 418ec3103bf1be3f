package dev.gameday.etcd;

import dev.gameday.cluster.DiskCorruption;
import dev.gameday.experiment.DiskSpec;
import dev.gameday.nemesis.NemesisException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * An etcd member's files as the host sees them in its data directory ({@code data/<member>}): the key-value store
 * is one bbolt file, {@code member/snap/db}; the write-ahead log is {@code member/wal/<seq>-<index>.wal}, segments
 * of 64 MB preallocated with zeros (the {@code .tmp} files beside them are the next ones, still empty). etcd has one
 * Raft group, {@link EtcdSystem#GROUP}, and no archive.
 */
final class EtcdFiles implements DiskCorruption.Layout {

    /** A member's data directory on the host, by member name ({@link EtcdCluster#hostDataDir}). */
    private final Function<String, Path> dataDirOf;

    EtcdFiles(Function<String, Path> dataDirOf) {
        this.dataDirOf = dataDirOf;
    }

    static Path bboltFile(Path memberDataDir) {
        return memberDataDir.resolve("member").resolve("snap").resolve("db");
    }

    static Path walDir(Path memberDataDir) {
        return memberDataDir.resolve("member").resolve("wal");
    }

    /**
     * A file set of a disk fault as a glob over paths inside a member's data directory (what its fault filesystem
     * sees): the WAL's segments and their {@code .tmp} successors for {@code raft-log}, the bbolt file and its
     * snapshots for {@code item-files}.
     */
    static String glob(DiskSpec.Files files) {
        return switch (files) {
            case RAFT_LOG -> "/member/wal/*";
            case ITEM_FILES -> "/member/snap/*";
            case ALL -> "/**";
        };
    }

    @Override
    public List<Path> itemFiles(String node, String group) throws NemesisException {
        return DiskCorruption.files(bboltFile(dataDirOf.apply(node)).getParent(), "db"::equals)
                .toList();
    }

    /** Segment names are their sequence number and first index in hex, fixed width: their order is by name. */
    @Override
    public List<Path> raftLogSegments(String node, String group) throws NemesisException {
        return DiskCorruption.files(walDir(dataDirOf.apply(node)), name -> name.endsWith(".wal"))
                .sorted(Comparator.comparing(f -> f.getFileName().toString()))
                .toList();
    }

    @Override
    public Path archivedSegments(String group) {
        throw new IllegalArgumentException("etcd has no archive"); // refused when the file loads (EtcdSystem)
    }

    @Override
    public List<String> dataGroups() {
        return List.of(EtcdSystem.GROUP);
    }

    /**
     * Nothing to ask: etcd commits its bbolt transaction every 100 ms (its backend batch interval) on its own, so the
     * file holds every write older than that; what is newer is also in the WAL, which replays it on a restart.
     */
    @Override
    public void flushItemFiles(String node) {}
}
