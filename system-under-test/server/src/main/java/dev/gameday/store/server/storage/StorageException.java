package dev.gameday.store.server.storage;

/** RocksDB failed: I/O error or detected corruption. */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
