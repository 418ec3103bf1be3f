package dev.gameday.store.server.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One replica's persistent state in RocksDB, in three column families:
 * <ul>
 *   <li>{@code default}: items, key = [table][partition][protocol storage key], value = canonical Item bytes;</li>
 *   <li>{@code archive_log}: every applied write entry by its per-group sequence number, kept for the archiver;</li>
 *   <li>{@code replica_meta}: the last applied Raft index and the last assigned sequence number.</li>
 * </ul>
 * Each applied entry updates all three in one atomic WriteBatch, so after a crash the replica knows exactly
 * which log entries it already holds.
 */
public final class ItemStore implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private static final byte[] APPLIED_INDEX = "appliedIndex".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LAST_SEQ = "lastSeq".getBytes(StandardCharsets.UTF_8);

    private final Path dir;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final RocksDB db;
    private final ColumnFamilyHandle items;
    private final ColumnFamilyHandle archiveLog;
    private final ColumnFamilyHandle meta;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final WriteOptions writeOptions = new WriteOptions();
    // RocksDB verifies block checksums on reads by default; said explicitly because a read must never return
    // data from a corrupt block (it fails with a Corruption status instead, which callers report).
    private final ReadOptions readOptions = new ReadOptions().setVerifyChecksums(true);

    private ItemStore(Path dir) throws RocksDBException {
        this.dir = dir;
        dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setParanoidChecks(true)
                // RocksDB reserves disk for a whole write buffer ahead of each WAL; with one database per replica and
                // dozens of runs per test suite, the reserved space (80 MB per replica) filled CI's disk.
                .setAllowFAllocate(false);
        // A replica holds a small item set; a 64 MB memtable per column family would only cost memory per container.
        cfOptions = new ColumnFamilyOptions().setWriteBufferSize(8L << 20);
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                new ColumnFamilyDescriptor("archive_log".getBytes(StandardCharsets.UTF_8), cfOptions),
                new ColumnFamilyDescriptor("replica_meta".getBytes(StandardCharsets.UTF_8), cfOptions));
        db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        items = handles.get(0);
        archiveLog = handles.get(1);
        meta = handles.get(2);
    }

    public static ItemStore open(Path dir) {
        try {
            Files.createDirectories(dir);
            return new ItemStore(dir);
        } catch (Exception e) {
            throw new StorageException("cannot open RocksDB at " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return dir;
    }

    /** Key of an item: [table length (2)][table UTF-8][partition (4)][storage key]. */
    public static byte[] itemKey(String table, int partition, byte[] storageKey) {
        byte[] prefix = partitionPrefix(table, partition);
        byte[] key = Arrays.copyOf(prefix, prefix.length + storageKey.length);
        System.arraycopy(storageKey, 0, key, prefix.length, storageKey.length);
        return key;
    }

    public static byte[] partitionPrefix(String table, int partition) {
        byte[] name = table.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + name.length + 4)
                .putShort((short) name.length)
                .put(name)
                .putInt(partition)
                .array();
    }

    public Optional<byte[]> get(byte[] itemKey) {
        try {
            return Optional.ofNullable(db.get(items, readOptions, itemKey));
        } catch (RocksDBException e) {
            throw new StorageException("read failed in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Item values whose key starts with {@code prefix}, in key order (reverse if !forward), strictly after
     * {@code exclusiveStart} in that order, at most {@code limit}.
     */
    public List<byte[]> range(byte[] prefix, Optional<byte[]> exclusiveStart, boolean forward, int limit) {
        List<byte[]> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator(items, readOptions)) {
            if (forward) {
                it.seek(exclusiveStart.orElse(prefix));
                if (exclusiveStart.isPresent() && it.isValid() && Arrays.equals(it.key(), exclusiveStart.get())) {
                    it.next();
                }
            } else {
                if (exclusiveStart.isPresent()) {
                    it.seekForPrev(exclusiveStart.get());
                    if (it.isValid() && Arrays.equals(it.key(), exclusiveStart.get())) {
                        it.prev();
                    }
                } else {
                    it.seekForPrev(upperBound(prefix));
                }
            }
            while (it.isValid() && out.size() < limit && startsWith(it.key(), prefix)) {
                out.add(it.value());
                if (forward) {
                    it.next();
                } else {
                    it.prev();
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("range read failed in " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The smallest key greater than every key with this prefix, for a reverse seek (prefix is never all 0xff). */
    private static byte[] upperBound(byte[] prefix) {
        byte[] b = Arrays.copyOf(prefix, prefix.length + 1);
        b[prefix.length] = (byte) 0xff;
        for (int i = 0; i < 8; i++) {
            b = Arrays.copyOf(b, b.length + 1);
            b[b.length - 1] = (byte) 0xff;
        }
        return b;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    public long appliedIndex() {
        return readLong(APPLIED_INDEX, -1);
    }

    public long lastSequence() {
        return readLong(LAST_SEQ, 0);
    }

    private long readLong(byte[] key, long absent) {
        try {
            byte[] v = db.get(meta, readOptions, key);
            return v == null ? absent : ByteBuffer.wrap(v).getLong();
        } catch (RocksDBException e) {
            throw new StorageException("meta read failed in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Atomically records one applied log entry: its item change, its archive record and the new indexes. */
    public void apply(AppliedEntry entry) {
        try (WriteBatch batch = new WriteBatch()) {
            if (entry.itemKey() != null) {
                if (entry.newItem().isPresent()) {
                    batch.put(items, entry.itemKey(), entry.newItem().get());
                } else {
                    batch.delete(items, entry.itemKey());
                }
            }
            if (entry.archiveRecord() != null) {
                batch.put(archiveLog, longKey(entry.sequence()), entry.archiveRecord());
            }
            batch.put(meta, APPLIED_INDEX, longKey(entry.raftIndex()));
            batch.put(meta, LAST_SEQ, longKey(entry.sequence()));
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new StorageException(
                    "apply of index " + entry.raftIndex() + " failed in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Changes an item outside the replicated log. Only the {@code ackBeforeQuorum} bug calls this: it is exactly
     * the unsafe shortcut that bug models.
     */
    public void putUnlogged(byte[] itemKey, Optional<byte[]> newItem) {
        try {
            if (newItem.isPresent()) {
                db.put(items, writeOptions, itemKey, newItem.get());
            } else {
                db.delete(items, writeOptions, itemKey);
            }
        } catch (RocksDBException e) {
            throw new StorageException("unlogged write failed in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Archive records with sequence numbers from {@code fromSeq}, in order, at most {@code max}. */
    public List<SequencedRecord> archiveRecords(long fromSeq, int max) {
        List<SequencedRecord> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator(archiveLog, readOptions)) {
            for (it.seek(longKey(fromSeq)); it.isValid() && out.size() < max; it.next()) {
                out.add(new SequencedRecord(ByteBuffer.wrap(it.key()).getLong(), it.value()));
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("archive log read failed in " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** A consistent, point-in-time view of the items (for scrub); close it when done. */
    public ItemSnapshot snapshot() {
        Snapshot s = db.getSnapshot();
        return new ItemSnapshot(db, items, s);
    }

    /** Verifies the block checksums of every SST file; throws StorageException naming the corruption. */
    public void verifyChecksums() {
        try {
            db.verifyChecksum();
        } catch (RocksDBException e) {
            throw new StorageException("RocksDB checksum verification failed in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes memtables to SST files, so the on-disk files hold the data (used before offline corruption tests). */
    public void flush() {
        try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
            db.flush(fo, handles);
        } catch (RocksDBException e) {
            throw new StorageException("flush failed in " + dir + ": " + e.getMessage(), e);
        }
    }

    static byte[] longKey(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    @Override
    public void close() {
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        writeOptions.close();
        readOptions.close();
        dbOptions.close();
        cfOptions.close();
    }
}
