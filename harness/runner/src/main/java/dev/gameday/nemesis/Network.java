package dev.gameday.nemesis;

import dev.gameday.experiment.PartitionSpec.Blocked;
import java.util.List;

/** Packet-level partitions between cluster members (and {@link Cluster#CLIENTS}). */
public interface Network {

    /**
     * Installs the blocks (packet filters inside the members' network namespaces), tagged with
     * {@code faultId} so that {@link #healPartition} removes exactly these rules and no others; {@code blocked}
     * says whether a blocked packet is dropped or refused.
     */
    void partition(int faultId, List<Block> blocks, Blocked blocked) throws NemesisException;

    void healPartition(int faultId) throws NemesisException;
}
