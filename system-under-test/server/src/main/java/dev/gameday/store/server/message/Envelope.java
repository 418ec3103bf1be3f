package dev.gameday.store.server.message;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * Frames every state-machine message as [CRC32C of payload (4 bytes)][payload]. Ratis checksums its log
 * files; this checksum covers the payload end to end, from the router that built it to the replica that
 * applies it, so a corrupted entry is refused instead of applied.
 */
public final class Envelope {
    private Envelope() {}

    public static Message seal(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + payload.length);
        b.putInt(crc(payload, 0, payload.length)).put(payload);
        return Message.valueOf(ByteString.copyFrom(b.array()));
    }

    /** Returns the payload, or throws CorruptEntryException when the checksum does not match. */
    public static byte[] open(ByteString framed) {
        return open(framed.toByteArray());
    }

    /** Returns the payload, or throws CorruptEntryException when the checksum does not match. */
    public static byte[] open(byte[] all) {
        if (all.length < 4) {
            throw new CorruptEntryException("message of " + all.length + " bytes is shorter than its checksum");
        }
        int expected = ByteBuffer.wrap(all, 0, 4).getInt();
        int actual = crc(all, 4, all.length - 4);
        if (expected != actual) {
            throw new CorruptEntryException(
                    String.format("payload CRC32C mismatch: header %08x, computed %08x", expected, actual));
        }
        byte[] payload = new byte[all.length - 4];
        System.arraycopy(all, 4, payload, 0, payload.length);
        return payload;
    }

    public static int crc(byte[] bytes, int offset, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, offset, length);
        return (int) c.getValue();
    }

    /** A message whose checksum does not match its payload. */
    public static final class CorruptEntryException extends RuntimeException {
        public CorruptEntryException(String message) {
            super(message);
        }
    }
}
