package dev.gameday.store.server.message;

import java.util.Optional;

/** Reads a data group's replica answers (Ratis queries: linearizable on the leader, or stale on any replica). */
public sealed interface DataQuery {
    byte[] encode();

    /** One item by storage key. */
    record Get(String table, int partition, byte[] storageKey) implements DataQuery {
        @Override
        public byte[] encode() {
            return new Wire.Writer()
                    .u8(1)
                    .str(table)
                    .i32(partition)
                    .blob(storageKey)
                    .toBytes();
        }
    }

    /**
     * Items of one partition whose storage key starts with {@code prefix}, in key order (or reverse), after
     * {@code exclusiveStart}, at most {@code limit}.
     */
    record Range(
            String table, int partition, byte[] prefix, Optional<byte[]> exclusiveStart, boolean forward, int limit)
            implements DataQuery {
        @Override
        public byte[] encode() {
            return new Wire.Writer()
                    .u8(2)
                    .str(table)
                    .i32(partition)
                    .blob(prefix)
                    .optBlob(exclusiveStart)
                    .bool(forward)
                    .i32(limit)
                    .toBytes();
        }
    }

    /**
     * Bug {@code ackBeforeQuorum} only: the leader applies the write locally, answers at once and replicates
     * later. Refused by replicas when the bug switch is off.
     */
    record UnreplicatedWrite(DataCommand.Write command) implements DataQuery {
        @Override
        public byte[] encode() {
            return new Wire.Writer().u8(3).blob(command.encode()).toBytes();
        }
    }

    /**
     * Whom a replica follows, in which term: what a leader asks its followers before a ConsistentRead
     * (node.LeaderConfirmation). Answered from Ratis' state, not from the items.
     */
    record LeaderView() implements DataQuery {
        @Override
        public byte[] encode() {
            return new Wire.Writer().u8(4).toBytes();
        }

        /** A replica's answer: whether it is a follower, its current term, the leader it follows ("" if none). */
        public record Answer(boolean follower, long term, String leader) {
            public byte[] encode() {
                return new Wire.Writer().bool(follower).i64(term).str(leader).toBytes();
            }

            public static Answer decode(byte[] bytes) {
                Wire.Reader r = new Wire.Reader(bytes);
                return new Answer(r.bool(), r.i64(), r.str());
            }
        }
    }

    static DataQuery decode(byte[] bytes) {
        Wire.Reader r = new Wire.Reader(bytes);
        int type = r.u8();
        return switch (type) {
            case 1 -> new Get(r.str(), r.i32(), r.blob());
            case 2 -> new Range(r.str(), r.i32(), r.blob(), r.optBlob(), r.bool(), r.i32());
            case 3 -> new UnreplicatedWrite((DataCommand.Write) DataCommand.decode(r.blob()));
            case 4 -> new LeaderView();
            default -> throw new IllegalArgumentException("unknown data query type " + type);
        };
    }
}
