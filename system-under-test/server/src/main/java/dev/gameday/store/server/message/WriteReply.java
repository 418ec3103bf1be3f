package dev.gameday.store.server.message;

import dev.gameday.store.protocol.DynamoError;
import dev.gameday.store.protocol.DynamoException;
import dev.gameday.store.protocol.WriteResult;

/**
 * What a replica answers for an applied write: the write's result, a deterministic DynamoDB error raised
 * while applying it (e.g. a type error in an update expression), or a refusal (corrupt or malformed entry).
 * All three are definite outcomes: the entry is committed and every replica reached the same answer.
 */
public sealed interface WriteReply {
    byte[] encode();

    /** The write's result, or the DynamoException a router returns to the client. */
    WriteResult resultOrThrow();

    record Applied(WriteResult result) implements WriteReply {
        @Override
        public byte[] encode() {
            return new Wire.Writer().u8(0).blob(result.encode()).toBytes();
        }

        @Override
        public WriteResult resultOrThrow() {
            return result;
        }
    }

    record Failed(DynamoError error, String message) implements WriteReply {
        @Override
        public byte[] encode() {
            return new Wire.Writer().u8(1).str(error.name()).str(message).toBytes();
        }

        @Override
        public WriteResult resultOrThrow() {
            throw new DynamoException(error, message);
        }
    }

    record Refused(String reason) implements WriteReply {
        @Override
        public byte[] encode() {
            return new Wire.Writer().u8(2).str(reason).toBytes();
        }

        @Override
        public WriteResult resultOrThrow() {
            throw new DynamoException(DynamoError.InternalServerError, "the store refused the write entry: " + reason);
        }
    }

    static WriteReply decode(byte[] bytes) {
        Wire.Reader r = new Wire.Reader(bytes);
        int kind = r.u8();
        return switch (kind) {
            case 0 -> new Applied(WriteResult.decode(r.blob()));
            case 1 -> new Failed(DynamoError.valueOf(r.str()), r.str());
            case 2 -> new Refused(r.str());
            default -> throw new IllegalArgumentException("unknown write reply kind " + kind);
        };
    }
}
