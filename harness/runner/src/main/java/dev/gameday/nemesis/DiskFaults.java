package dev.gameday.nemesis;

import dev.gameday.experiment.DiskSpec;
import java.util.List;

/**
 * A sick disk under a storage node: latency, I/O errors, an fsync that fails once, a full disk, served by the
 * fault filesystem the node's data directory is mounted on. Several can be set on one node at once; each is
 * known by the fault that set it.
 */
public interface DiskFaults {

    /** Makes {@code node}'s disk behave as {@code spec} says; returns what was set, one line each. */
    List<String> sicken(int faultId, String node, DiskSpec spec) throws NemesisException;

    /** Ends what fault {@code faultId} set on {@code node}; idempotent. */
    void cure(int faultId, String node) throws NemesisException;
}
