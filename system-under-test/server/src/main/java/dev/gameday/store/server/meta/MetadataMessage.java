package dev.gameday.store.server.meta;

import dev.gameday.store.protocol.TableDescription;
import dev.gameday.store.server.message.Wire;

/** Commands and queries of the metadata group. */
public sealed interface MetadataMessage {
    byte[] encode();

    /** Creates a table and assigns its partitions to data groups (a log entry). */
    record CreateTable(TableDescription table) implements MetadataMessage {
        @Override
        public byte[] encode() {
            return new Wire.Writer().u8(1).blob(table.encode()).toBytes();
        }
    }

    /** Looks up one table's route (a query). */
    record Describe(String tableName) implements MetadataMessage {
        @Override
        public byte[] encode() {
            return new Wire.Writer().u8(2).str(tableName).toBytes();
        }
    }

    /** Lists all table routes (a query). */
    record ListTables() implements MetadataMessage {
        @Override
        public byte[] encode() {
            return new Wire.Writer().u8(3).toBytes();
        }
    }

    /** Changes nothing: a log entry that makes the leader refill a follower's log (see node.RaftLogRecovery). */
    record LogNudge() implements MetadataMessage {
        @Override
        public byte[] encode() {
            return new Wire.Writer().u8(4).toBytes();
        }
    }

    static MetadataMessage decode(byte[] bytes) {
        Wire.Reader r = new Wire.Reader(bytes);
        int type = r.u8();
        return switch (type) {
            case 1 -> new CreateTable(TableDescription.decode(r.blob()));
            case 2 -> new Describe(r.str());
            case 3 -> new ListTables();
            case 4 -> new LogNudge();
            default -> throw new IllegalArgumentException("unknown metadata message type " + type);
        };
    }
}
