package dev.gameday.store.server.message;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Minimal binary writer/reader for the store's internal messages (length-prefixed fields, big-endian). */
public final class Wire {
    private Wire() {}

    /** Appends fields to a byte array. */
    public static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        public Writer u8(int v) {
            return run(() -> out.writeByte(v));
        }

        public Writer i32(int v) {
            return run(() -> out.writeInt(v));
        }

        public Writer i64(long v) {
            return run(() -> out.writeLong(v));
        }

        public Writer bool(boolean v) {
            return run(() -> out.writeBoolean(v));
        }

        public Writer str(String s) {
            return run(() -> out.writeUTF(s));
        }

        public Writer blob(byte[] b) {
            return run(() -> {
                out.writeInt(b.length);
                out.write(b);
            });
        }

        public Writer optBlob(Optional<byte[]> b) {
            bool(b.isPresent());
            b.ifPresent(this::blob);
            return this;
        }

        public byte[] toBytes() {
            return bytes.toByteArray();
        }

        private Writer run(IoAction a) {
            try {
                a.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
    }

    /** Reads fields in the order a Writer wrote them. */
    public static final class Reader {
        private final DataInputStream in;

        public Reader(byte[] b) {
            in = new DataInputStream(new ByteArrayInputStream(b));
        }

        public int u8() {
            return get(in::readUnsignedByte);
        }

        public int i32() {
            return get(in::readInt);
        }

        public long i64() {
            return get(in::readLong);
        }

        public boolean bool() {
            return get(in::readBoolean);
        }

        public String str() {
            return get(in::readUTF);
        }

        public byte[] blob() {
            return get(() -> {
                int n = in.readInt();
                if (n < 0 || n > in.available()) {
                    throw new IOException("blob length " + n + " exceeds the " + in.available() + " bytes left");
                }
                return in.readNBytes(n);
            });
        }

        public Optional<byte[]> optBlob() {
            return bool() ? Optional.of(blob()) : Optional.empty();
        }

        private <T> T get(IoSupplier<T> s) {
            try {
                return s.get();
            } catch (IOException e) {
                throw new IllegalArgumentException("malformed message: " + e, e);
            }
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }
}
