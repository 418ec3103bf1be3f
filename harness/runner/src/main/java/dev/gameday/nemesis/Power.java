package dev.gameday.nemesis;

import java.util.ArrayList;
import java.util.List;

/**
 * Power of a storage node's process: off is a power cut (SIGKILL: no shutdown hook, no flush; and, on a
 * cluster whose disks can lose power, every write the node had not synced is dropped), on starts it again on
 * the same data directory. Powering on a node that runs is a no-op (healing is idempotent).
 */
public interface Power {

    /**
     * Cuts the power; returns what the cut did to the node's unsynced writes, per node (kept, or which bytes were
     * dropped), for nemesis.log and results.json; empty if nothing is known.
     */
    List<String> powerOff(String node) throws NemesisException;

    void powerOn(String node) throws NemesisException;

    /**
     * Cuts the power of several nodes at the same instant (an AZ, the whole cluster): none of them may sync
     * anything once the first is cut. This default cuts them one after another; a cluster that can do better
     * overrides it.
     */
    default List<String> powerOff(List<String> nodes) throws NemesisException {
        List<String> lost = new ArrayList<>();
        for (String node : nodes) {
            lost.addAll(powerOff(node));
        }
        return lost;
    }

    /** Powers several nodes on; this default starts them one after another. */
    default void powerOn(List<String> nodes) throws NemesisException {
        for (String node : nodes) {
            powerOn(node);
        }
    }
}
