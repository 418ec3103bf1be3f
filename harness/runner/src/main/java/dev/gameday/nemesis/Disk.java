package dev.gameday.nemesis;

import dev.gameday.experiment.CorruptionSpec;
import java.util.List;

/**
 * Bytes changed on disk. It extends {@link Power} because an at-rest corruption is done to a node that
 * is off, and the fault ends by powering it on again.
 */
public interface Disk extends Power {

    /**
     * Changes bytes on disk as {@code spec} says, in {@code node}'s files (null for the archive), and
     * returns exactly what it changed. For an at-rest corruption it first makes sure the data it
     * corrupts is on disk, then powers the node off; the caller powers it on when the fault ends.
     */
    List<Corruption> corrupt(int faultId, String node, CorruptionSpec spec) throws NemesisException;
}
