package dev.gameday.store.server.storage;

import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** RocksDB failed: I/O error or detected corruption. */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the disk was full (RocksDB's NoSpace, which it gives for ENOSPC): nothing is wrong with what the
     * replica holds, it only cannot write more until the disk has room.
     */
    public boolean isOutOfSpace() {
        for (Throwable t = this; t != null; t = t.getCause()) {
            if (t instanceof RocksDBException r
                    && r.getStatus() != null
                    && r.getStatus().getSubCode() == Status.SubCode.NoSpace) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }
}
