package dev.gameday.store.server.archive;

import dev.gameday.store.server.storage.SequencedRecord;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The bytes of an archived segment: the magic "GDSEG1", then each entry as [sequence (8)][length (4)][record],
 * where a record is the CRC32C-framed log payload exactly as the replica applied it.
 */
public final class Segment {
    private static final byte[] MAGIC = "GDSEG1".getBytes(StandardCharsets.US_ASCII);

    private Segment() {}

    public static byte[] encode(List<SequencedRecord> records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            for (SequencedRecord r : records) {
                out.writeLong(r.sequence());
                out.writeInt(r.record().length);
                out.write(r.record());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static List<SequencedRecord> decode(byte[] segment, String name) {
        List<SequencedRecord> out = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(segment))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new ArchiveValidationException(name + ": not a segment (bad magic)");
            }
            while (in.available() > 0) {
                long seq = in.readLong();
                int len = in.readInt();
                if (len < 0 || len > in.available()) {
                    throw new ArchiveValidationException(
                            name + ": entry " + seq + " claims " + len + " bytes, " + in.available() + " left");
                }
                out.add(new SequencedRecord(seq, in.readNBytes(len)));
            }
        } catch (IOException e) {
            throw new ArchiveValidationException(name + ": truncated segment: " + e);
        }
        return out;
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest("SHA-256", bytes));
    }

    static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
