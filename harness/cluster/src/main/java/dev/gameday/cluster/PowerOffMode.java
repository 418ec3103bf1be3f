package dev.gameday.cluster;

import java.util.Arrays;

/**
 * What a power-off does to a storage node ({@code ./gameday run --power-off}).
 */
public enum PowerOffMode {
  /**
   * SIGKILL, then a power loss on the node's fault filesystem (harness/faultfs), which drops every write the
   * node had not fsynced and every directory entry change its directory had not synced. Not yet the default:
   * through the fault filesystem the store cannot keep its steady state (see experiments/README.md).
   */
  POWER_LOSS("power-loss"),
  /** The default for now: SIGKILL only; the host's page cache keeps unsynced writes. */
  SIGKILL("sigkill");

  private final String cliName;

  PowerOffMode(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static PowerOffMode fromCli(String name) {
    return Arrays.stream(values()).filter(m -> m.cliName.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("--power-off must be power-loss or sigkill, got " + name));
  }
}
