package dev.gameday.cluster;

import dev.gameday.experiment.DiskSpec;
import java.nio.file.Path;
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

    @Override
    public Path itemFiles(String node, String group) {
        return group(node, group).resolve("sm").resolve("rocksdb");
    }

    @Override
    public Path raftLog(String node, String group) {
        return group(node, group).resolve("current");
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
