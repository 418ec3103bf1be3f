package dev.gameday.cluster;

import dev.gameday.experiment.DiskSpec;
import dev.gameday.nemesis.NemesisException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** The store's files as the host sees them through the containers' bind mounts. */
final class StoreFiles implements DiskCorruption.Layout {
    private final StoreCluster store;

    StoreFiles(StoreCluster store) {
        this.store = store;
    }

    private Path group(String node, String group) {
        return store.hostDataDir(node).resolve("ratis").resolve(store.groupDirectory(group));
    }

    /**
     * A file set of a disk fault as a glob over paths inside a node's data directory (what its fault filesystem
     * sees): Raft groups are {@code ratis/GROUP}, with the log in {@code current/} and RocksDB in {@code sm/}.
     */
    static String glob(DiskSpec.Files files) {
        return switch (files) {
            case RAFT_LOG -> "/ratis/*/current/*";
            case ITEM_FILES -> "/ratis/*/sm/**";
            case ALL -> "/**";
        };
    }

    /** The replica's RocksDB table files. */
    @Override
    public List<Path> itemFiles(String node, String group) throws NemesisException {
        return DiskCorruption.files(group(node, group).resolve("sm").resolve("rocksdb"), name -> name.endsWith(".sst"))
                .toList();
    }

    /**
     * The segments of the replica's Raft log directory ({@code current/}). Their names start with their first index
     * (log_0-410, log_inprogress_802): the newest is the one with the highest first index.
     */
    @Override
    public List<Path> raftLogSegments(String node, String group) throws NemesisException {
        return segmentsOldestFirst(group(node, group).resolve("current"));
    }

    static List<Path> segmentsOldestFirst(Path raftLog) throws NemesisException {
        return DiskCorruption.files(raftLog, name -> name.startsWith("log_"))
                .sorted(Comparator.comparingLong(StoreFiles::firstIndex))
                .toList();
    }

    private static long firstIndex(Path segment) {
        String digits = segment.getFileName()
                .toString()
                .replaceAll("^log_(inprogress_)?", "")
                .replaceAll("-.*$", "");
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public Path archivedSegments(String group) {
        return store.archivedSegments(group);
    }

    @Override
    public List<String> dataGroups() {
        return store.dataGroups();
    }

    @Override
    public void flushItemFiles(String node) {
        store.admin().post(store.node(node).admin() + "/storage/flush");
    }
}
