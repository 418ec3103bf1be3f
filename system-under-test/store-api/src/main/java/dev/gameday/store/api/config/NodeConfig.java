package dev.gameday.store.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;

/**
 * One storage node: its Raft identity and address, its availability zone and where it keeps its files.
 *
 * @param raftVia the {@code host:port} that peers and routers dial to reach this node's Raft server
 *     when that is not {@code host:raftPort}, e.g. a fault-proxy path in front of it (the node still
 *     listens on {@code raftPort}); null means peers dial the node directly. Left out of the JSON when
 *     null, so configs of direct clusters read the same as before the field existed.
 */
public record NodeConfig(
        String id,
        String az,
        String host,
        int raftPort,
        int adminPort,
        Path dataDir,
        @JsonInclude(JsonInclude.Include.NON_NULL) String raftVia) {

    public NodeConfig(String id, String az, String host, int raftPort, int adminPort, Path dataDir) {
        this(id, az, host, raftPort, adminPort, dataDir, null);
    }

    /** The address peers and routers dial for this node's Raft server. */
    public String raftAddress() {
        return raftVia != null ? raftVia : host + ":" + raftPort;
    }

    public String adminUrl() {
        return "http://" + host + ":" + adminPort;
    }
}
