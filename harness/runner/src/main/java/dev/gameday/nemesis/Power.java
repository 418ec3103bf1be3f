package dev.gameday.nemesis;

/**
 * Power of a storage node's process: off is SIGKILL (no shutdown hook, no flush: a power cut), on starts
 * it again on the same data directory. Powering on a node that runs is a no-op (healing is idempotent).
 */
public interface Power {

    void powerOff(String node) throws NemesisException;

    void powerOn(String node) throws NemesisException;
}
