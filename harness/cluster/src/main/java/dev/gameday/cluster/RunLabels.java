package dev.gameday.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * The labels every container and network of a run carries. They let a later run find what a
 * killed run left behind (its owner process is gone) without touching anything else on the engine.
 */
public record RunLabels(String runId, long ownerPid, String ownerHost) {

    public static final String MANAGED = "dev.gameday.managed";
    public static final String RUN = "dev.gameday.run";
    public static final String OWNER_PID = "dev.gameday.owner-pid";
    public static final String OWNER_HOST = "dev.gameday.owner-host";

    public static RunLabels forThisProcess(String runId) {
        return new RunLabels(runId, ProcessHandle.current().pid(), hostName());
    }

    public Map<String, String> asMap() {
        return Map.of(MANAGED, "true", RUN, runId, OWNER_PID, Long.toString(ownerPid), OWNER_HOST, ownerHost);
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
