package dev.gameday.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster the experiment boots: availability zones, how many storage nodes and request routers
 * each AZ runs, and the tables (with their partition counts) the canary uses. Node names follow from
 * the shape ({@code az1-storage-1}, {@code az2-router-1}) so experiment files can name nodes before
 * any container exists; the cluster implementation must use the same names.
 *
 * <p>{@code nodeLinks}: {@code direct} (the default) or {@code through-fault-proxy}, which sends all
 * traffic into each storage node (from its peers and the routers) through a fault-proxy path of its
 * own, so {@code link} faults with {@code paths: into-node} can slow or cut it.
 *
 * <p>{@code scrubEvery}: the store scrubs every group on this schedule during the run (continuous
 * verification, as a production store does); null means only the on-demand scrub after healing.
 */
public record ClusterShape(
        List<String> azs,
        Integer storageNodesPerAz,
        Integer routersPerAz,
        List<TableSpec> tables,
        String nodeLinks,
        Duration scrubEvery) {

    public static final String DIRECT = "direct";
    public static final String THROUGH_FAULT_PROXY = "through-fault-proxy";

    public ClusterShape {
        nodeLinks = nodeLinks == null ? DIRECT : nodeLinks;
    }

    public ClusterShape(List<String> azs, Integer storageNodesPerAz, Integer routersPerAz, List<TableSpec> tables) {
        this(azs, storageNodesPerAz, routersPerAz, tables, DIRECT, null);
    }

    ClusterShape scaled(TimeScale scale) {
        return new ClusterShape(
                azs, storageNodesPerAz, routersPerAz, tables, nodeLinks, FaultSpec.scale(scale, scrubEvery));
    }

    public boolean nodeLinksThroughFaultProxy() {
        return THROUGH_FAULT_PROXY.equals(nodeLinks);
    }

    public record TableSpec(String name, Integer partitions) {}

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
        return tables == null
                ? null
                : tables.stream()
                        .filter(t -> t.name() != null && t.name().equals(name))
                        .findFirst()
                        .orElse(null);
    }
}
