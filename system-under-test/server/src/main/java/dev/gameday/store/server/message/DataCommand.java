package dev.gameday.store.server.message;

/**
 * What a data replication group's log carries: item writes, scrub markers and log nudges. Each encodes to bytes that
 * {@link Envelope} frames with a checksum.
 */
public sealed interface DataCommand {
    byte[] encode();

    /** A validated item write for one partition of one table (ItemWrite bytes from the protocol module). */
    record Write(String table, int partition, byte[] itemWrite) implements DataCommand {
        @Override
        public byte[] encode() {
            return new Wire.Writer()
                    .u8(1)
                    .str(table)
                    .i32(partition)
                    .blob(itemWrite)
                    .toBytes();
        }
    }

    /** Asks every replica to checksum its items at exactly this point of the log. */
    record ScrubMarker(String scrubId) implements DataCommand {
        @Override
        public byte[] encode() {
            return new Wire.Writer().u8(2).str(scrubId).toBytes();
        }
    }

    /**
     * Changes nothing. A follower whose log lost its tail while it was off is refilled only when the leader
     * appends something (Ratis heartbeats do not rewind the leader's view of the follower), so the follower asks
     * for this entry (see node.RaftLogRecovery; the metadata group has its own).
     */
    record LogNudge() implements DataCommand {
        @Override
        public byte[] encode() {
            return new Wire.Writer().u8(3).toBytes();
        }
    }

    static DataCommand decode(byte[] bytes) {
        Wire.Reader r = new Wire.Reader(bytes);
        int type = r.u8();
        return switch (type) {
            case 1 -> new Write(r.str(), r.i32(), r.blob());
            case 2 -> new ScrubMarker(r.str());
            case 3 -> new LogNudge();
            default -> throw new IllegalArgumentException("unknown data command type " + type);
        };
    }
}
