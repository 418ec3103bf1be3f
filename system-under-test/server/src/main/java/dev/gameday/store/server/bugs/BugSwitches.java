package dev.gameday.store.server.bugs;

import java.util.Map;

/**
 * Deliberate faults the harness turns on to prove its checkers catch real violations. Each switch is off by
 * default and is refused unless the environment also says {@value #ENV}={@value #ENV_VALUE}, so a config file
 * alone can never make a store lose data.
 *
 * @param ackBeforeQuorum     the leader acknowledges a write before a quorum has it; a leader crash loses it
 * @param staleConsistentRead ConsistentRead=true is served by any replica without a leadership check
 * @param scrubNeverRepairs   scrub reports mismatches but never repairs the bad replica
 * @param ratisReadIndex      ConsistentRead=true goes through Ratis 3.2.0's own ReadIndex and nothing else, which
 *                            lets a leader cut off from its followers answer from before a newer leader's writes
 *                            (the store before issue 10's fix; RATIS-READINDEX-BUG.md)
 */
public record BugSwitches(boolean ackBeforeQuorum, boolean staleConsistentRead, boolean scrubNeverRepairs,
                          boolean ratisReadIndex) {
  public static final String ENV = "GAMEDAY_ALLOW_STORE_BUGS";
  public static final String ENV_VALUE = "i-know-this-loses-data";

  public static BugSwitches none() {
    return new BugSwitches(false, false, false, false);
  }

  public boolean any() {
    return ackBeforeQuorum || staleConsistentRead || scrubNeverRepairs || ratisReadIndex;
  }

  /** Fails the process start when a switch is on without the environment's consent. */
  public void checkAllowed(Map<String, String> environment) {
    if (any() && !ENV_VALUE.equals(environment.get(ENV))) {
      throw new IllegalStateException("store bug switches " + this + " are on but " + ENV + " is not set to '"
          + ENV_VALUE + "'; refusing to start");
    }
  }
}
