package dev.gameday.store.server.config;

import java.nio.file.Path;

/** One storage node: its Raft identity and address, its availability zone and where it keeps its files. */
public record NodeConfig(String id, String az, String host, int raftPort, int adminPort, Path dataDir) {
  public String raftAddress() {
    return host + ":" + raftPort;
  }

  public String adminUrl() {
    return "http://" + host + ":" + adminPort;
  }
}
