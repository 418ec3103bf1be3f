package dev.gameday.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * The cluster the experiment boots: availability zones, how many storage nodes and request routers
 * each AZ runs, and the tables (with their partition counts) the canary uses. Node names follow from
 * the shape ({@code az1-storage-1}, {@code az2-router-1}) so experiment files can name nodes before
 * any container exists; the cluster implementation must use the same names.
 */
public record ClusterShape(List<String> azs, Integer storageNodesPerAz, Integer routersPerAz, List<TableSpec> tables) {

    public record TableSpec(String name, Integer partitions) {
    }

    public static String storageNodeName(String az, int ordinal) {
        return az + "-storage-" + ordinal;
    }

    public static String routerName(String az, int ordinal) {
        return az + "-router-" + ordinal;
    }

    /** All storage node names, AZ by AZ. */
    public List<String> storageNodeNames() {
        List<String> names = new ArrayList<>();
        for (String az : azs) {
            for (int i = 1; i <= storageNodesPerAz; i++) {
                names.add(storageNodeName(az, i));
            }
        }
        return names;
    }

    public boolean hasAz(String az) {
        return azs != null && azs.contains(az);
    }

    public TableSpec table(String name) {
        return tables == null ? null : tables.stream().filter(t -> t.name() != null && t.name().equals(name))
                .findFirst().orElse(null);
    }
}
