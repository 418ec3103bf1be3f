package dev.gameday.store.server.storage;

import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/** A point-in-time view of a replica's items, read in key order. */
public final class ItemSnapshot implements AutoCloseable {
    private final RocksDB db;
    private final ColumnFamilyHandle items;
    private final Snapshot snapshot;

    ItemSnapshot(RocksDB db, ColumnFamilyHandle items, Snapshot snapshot) {
        this.db = db;
        this.items = items;
        this.snapshot = snapshot;
    }

    /** Calls {@code visitor} with every (key, value) in key order; block checksums are verified on the way. */
    public void forEach(BiConsumer<byte[], byte[]> visitor) {
        try (ReadOptions ro = new ReadOptions()
                        .setSnapshot(snapshot)
                        .setVerifyChecksums(true)
                        .setFillCache(false);
                RocksIterator it = db.newIterator(items, ro)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                visitor.accept(it.key(), it.value());
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("snapshot read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        db.releaseSnapshot(snapshot);
    }
}
