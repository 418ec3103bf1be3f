package dev.gameday.nemesis;

/**
 * One direction of a network partition: {@code from} can no longer reach {@code to}. Connections
 * {@code from} opens to {@code to} fail, and packets {@code from} sends on connections it opened
 * earlier are dropped; connections {@code to} opens to {@code from} still work, replies included.
 * A symmetric cut between two members is two blocks. Members are storage node and router names, or
 * {@link Cluster#CLIENTS} for the canaries' side of the fault proxy.
 */
public record Block(String from, String to) {

    public Block {
        if (from.equals(to)) {
            throw new IllegalArgumentException("a member cannot be cut from itself: " + from);
        }
    }

    @Override
    public String toString() {
        return from + "-/->" + to;
    }
}
