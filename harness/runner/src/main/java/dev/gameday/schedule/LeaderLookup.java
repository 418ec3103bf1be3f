package dev.gameday.schedule;

/**
 * Who leads a partition right now. Leadership moves during a run, so a {@code partitionLeader}
 * target is resolved when its fault starts, through this callback (the cluster asks the store).
 */
@FunctionalInterface
public interface LeaderLookup {
    /** The storage node name of the current leader of {@code table}'s partition {@code partition}. */
    String leaderOf(String table, int partition);
}
