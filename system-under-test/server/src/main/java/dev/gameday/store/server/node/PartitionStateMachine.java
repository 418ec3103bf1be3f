package dev.gameday.store.server.node;

import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.bugs.StoreBug;
import dev.gameday.store.api.incident.Incident;
import dev.gameday.store.api.scrub.ItemsChecksum;
import dev.gameday.store.api.scrub.ReplicaScrubResult;
import dev.gameday.store.protocol.DynamoException;
import dev.gameday.store.protocol.Item;
import dev.gameday.store.protocol.ItemWrite;
import dev.gameday.store.protocol.WriteResult;
import dev.gameday.store.server.admin.Counters;
import dev.gameday.store.server.archive.ArchiveLog;
import dev.gameday.store.server.bugs.AppliedIndexFile;
import dev.gameday.store.server.bugs.EarlyAckWriter;
import dev.gameday.store.server.incident.Incidents;
import dev.gameday.store.server.message.DataCommand;
import dev.gameday.store.server.message.DataQuery;
import dev.gameday.store.server.message.Envelope;
import dev.gameday.store.server.message.Wire;
import dev.gameday.store.server.message.WriteReply;
import dev.gameday.store.server.scrub.LogicalChecksum;
import dev.gameday.store.server.scrub.ReplicaScrubs;
import dev.gameday.store.server.storage.AppliedEntry;
import dev.gameday.store.server.storage.ItemSnapshot;
import dev.gameday.store.server.storage.ItemStore;
import dev.gameday.store.server.storage.SequencedRecord;
import dev.gameday.store.server.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.ReadIndexException;
import org.apache.ratis.protocol.exceptions.StaleReadException;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.raftlog.RaftLogIOException;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica of a data replication group: applies committed item writes to its RocksDB {@link ItemStore}
 * deterministically, assigns each write entry the group's next sequence number (Raft indexes have holes for
 * configuration and no-op entries; the archive needs a hole-free numbering), and serves reads: ConsistentReads on
 * the leader once a majority confirmed it leads ({@link LeaderConfirmation}), eventually consistent reads from this
 * replica as it is.
 *
 * <p>The RocksDB state records the last applied Raft index in the same atomic batch as each change. The Raft
 * log is never purged (no snapshots yet), so on restart Ratis replays the log from the start and this state
 * machine skips what RocksDB already holds. For the same reason a replica whose RocksDB is corrupt can be
 * rebuilt from its own Raft log (checksummed by Ratis, identical to its peers' committed log):
 * {@link #rebuildFromLog}.
 *
 * <p>Applying and rebuilding take the write lock; reads, scrub snapshots and the archiver take the read lock,
 * so nobody touches a RocksDB instance while a rebuild swaps it.
 */
public final class PartitionStateMachine extends BaseStateMachine implements ArchiveLog {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionStateMachine.class);

    private final String groupName;
    private final String replicaId;
    private final ReplicaScrubs scrubs;
    private final Counters counters;
    private final Incidents incidents;
    private final Executor scrubExecutor;
    private final Optional<EarlyAckWriter> earlyAck;
    /** Told when a full disk or a failed Raft log leaves this replica unable to go on (ReplicaRestarts). */
    private final BiConsumer<RaftGroupId, Throwable> diskFailures;

    private final BugSwitches bugs;
    private final Executor readExecutor;
    private final LeaderConfirmation leaderConfirmation;
    /** ConsistentReads waiting for this replica to apply the commit index they took on arrival, by that index. */
    private final NavigableMap<Long, CompletableFuture<Void>> appliedWaiters = new TreeMap<>();

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private String unreportedStorageFailure;
    private volatile ItemStore store;
    private long persistedIndex;
    private long appliedIndexAtOpen;
    /** Bug {@code scrubNeverRepairs} only: RocksDB refused to open and nothing may repair it. */
    private boolean storageUnusable;

    private long lastSequence;
    /** Bug {@code appliedIndexOutrunsItems} only. */
    private AppliedIndexFile appliedIndexFile;

    public PartitionStateMachine(
            String groupName,
            String replicaId,
            ReplicaScrubs scrubs,
            Counters counters,
            Incidents incidents,
            Executor scrubExecutor,
            Executor readExecutor,
            LeaderConfirmation.PeerViews peerViews,
            Optional<EarlyAckWriter> earlyAck,
            BiConsumer<RaftGroupId, Throwable> diskFailures,
            BugSwitches bugs) {
        this.groupName = groupName;
        this.replicaId = replicaId;
        this.scrubs = scrubs;
        this.counters = counters;
        this.incidents = incidents;
        this.scrubExecutor = scrubExecutor;
        this.readExecutor = readExecutor;
        this.leaderConfirmation = new LeaderConfirmation(this::division, peerViews);
        this.earlyAck = earlyAck;
        this.diskFailures = diskFailures;
        this.bugs = bugs;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage storage) throws IOException {
        super.initialize(server, groupId, storage);
        Path dir = storage.getStorageDir().getStateMachineDir().toPath().resolve("rocksdb");
        store = openOrStartEmpty(dir);
        appliedIndexAtOpen = store.appliedIndex();
        persistedIndex = storageUnusable ? Long.MAX_VALUE : appliedIndexAtOpen;
        lastSequence = store.lastSequence();
        if (bugs.isOn(StoreBug.APPLIED_INDEX_OUTRUNS_ITEMS)) {
            trustAppliedIndexFile(dir.getParent());
        }
        LOG.info(
                "{} replica {}: RocksDB at {}, applied index {}, sequence {}",
                groupName,
                replicaId,
                dir,
                persistedIndex,
                lastSequence);
    }

    private void trustAppliedIndexFile(Path stateMachineDir) throws IOException {
        appliedIndexFile = AppliedIndexFile.open(stateMachineDir);
        long recorded = appliedIndexFile.recorded();
        if (recorded > persistedIndex) {
            LOG.error(
                    "BUG appliedIndexOutrunsItems: {} replica {} trusts its applied-index file ({}) over RocksDB ({}) "
                            + "and skips replaying the entries between",
                    groupName,
                    replicaId,
                    recorded,
                    persistedIndex);
            persistedIndex = recorded;
            appliedIndexAtOpen = recorded;
        }
    }

    /**
     * Opens the replica's RocksDB. When RocksDB refuses to open (a corrupt file), the replica starts over with an
     * empty store: its Raft log holds every entry (never purged) and Ratis replays it from the start on every
     * start, so the replay rebuilds the store.
     *
     * <p>With bug {@code scrubNeverRepairs} the corrupt files stay. The node must still come up to report the
     * incident, so the replica gets an empty placeholder store and applies nothing; it answers scrub markers
     * with its storage reported corrupt, so every scrub names it, and nothing repairs it.
     */
    private ItemStore openOrStartEmpty(Path dir) throws IOException {
        try {
            return ItemStore.open(dir);
        } catch (StorageException e) {
            incidents.detected(Incident.ITEM_STORE, groupName, replicaId, "RocksDB refused to open: " + e.getMessage());
            if (bugs.isOn(StoreBug.SCRUB_NEVER_REPAIRS)) {
                LOG.error(
                        "BUG scrubNeverRepairs: {} replica {} keeps its corrupt RocksDB and applies nothing",
                        groupName,
                        replicaId);
                storageUnusable = true;
                Path placeholder = dir.resolveSibling("rocksdb-unusable");
                if (Files.exists(placeholder)) {
                    deleteRecursively(placeholder);
                }
                return ItemStore.open(placeholder);
            }
            deleteRecursively(dir);
            ItemStore empty = ItemStore.open(dir);
            counters.increment("storage.rebuilds_after_open_failure");
            incidents.repaired(Incident.ITEM_STORE, groupName, replicaId);
            return empty;
        }
    }

    public String groupName() {
        return groupName;
    }

    /**
     * The last Raft index RocksDB held when this replica started: its Raft log must reach at least this far,
     * or the log lost entries this replica had applied.
     */
    public long appliedIndexAtOpen() {
        return appliedIndexAtOpen;
    }

    public long lastSequence() {
        return withReadLock(() -> store.lastSequence());
    }

    @Override
    public List<SequencedRecord> archiveRecords(long fromSequence, int max) {
        return withReadLock(() -> store.archiveRecords(fromSequence, max));
    }

    /** Writes memtables to SST files (an operator tool: makes the on-disk files hold all data). */
    public void flushStorage() {
        withReadLock(() -> {
            store.flush();
            return null;
        });
    }

    private <T> T withReadLock(Supplier<T> read) {
        lock.readLock().lock();
        try {
            return read.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        long index = entry.getIndex();
        Message reply = Message.EMPTY;
        lock.writeLock().lock();
        try {
            if (index > persistedIndex) {
                reply = applyOrRebuild(index, entry.getStateMachineLogEntry().getLogData());
                persistedIndex = index;
                if (appliedIndexFile != null) {
                    recordAppliedIndex(index);
                }
            } else if (storageUnusable) {
                reportUnusableAtMarker(index, entry.getStateMachineLogEntry().getLogData());
            }
        } finally {
            lock.writeLock().unlock();
        }
        updateLastAppliedTermIndex(entry.getTerm(), index);
        return CompletableFuture.completedFuture(reply);
    }

    private void recordAppliedIndex(long index) {
        try {
            appliedIndexFile.record(index);
        } catch (IOException e) {
            throw new UncheckedIOException(groupName + ": cannot record applied index " + index, e);
        }
    }

    /**
     * Applies an entry; when RocksDB fails (a corrupt block hit by the write or a compaction), rebuilds the store
     * from the Raft log and applies again, instead of letting Ratis close this replica for good. The failure is
     * remembered and reported by the next scrub. With bug {@code scrubNeverRepairs} the failure propagates.
     */
    private Message applyOrRebuild(long index, ByteString data) {
        try {
            return apply(index, data, true);
        } catch (StorageException e) {
            if (e.isOutOfSpace()) {
                throw outOfSpace(index, e);
            }
            incidents.detected(
                    Incident.ITEM_STORE,
                    groupName,
                    replicaId,
                    "storage failed applying index " + index + ": " + e.getMessage());
            if (bugs.isOn(StoreBug.SCRUB_NEVER_REPAIRS)) {
                throw e;
            }
            LOG.error(
                    "{} replica {}: storage failed applying index {}, rebuilding from the Raft log: {}",
                    groupName,
                    replicaId,
                    index,
                    e.getMessage());
            counters.increment("storage.rebuilds_after_apply_failure");
            unreportedStorageFailure =
                    "storage failed applying index " + index + " (rebuilt from the log): " + e.getMessage();
            try {
                rebuildLocked();
            } catch (IOException io) {
                throw new StorageException(
                        groupName + ": rebuild after storage failure failed: " + io.getMessage(), io);
            } catch (StorageException again) {
                throw again.isOutOfSpace() ? outOfSpace(index, again) : again;
            }
            return apply(index, data, true);
        }
    }

    /**
     * A full disk is not corruption: no incident and no rebuild (which would need room too). The exception makes
     * Ratis close this replica, and the node restarts it from its directory once the disk has room (ReplicaRestarts).
     */
    private StorageException outOfSpace(long index, StorageException e) {
        LOG.error("{} replica {}: disk full applying index {}: {}", groupName, replicaId, index, e.getMessage());
        counters.increment("storage.out_of_space");
        diskFailures.accept(getGroupId(), e);
        return e;
    }

    /** Ratis' log failed to write or sync an entry (a full disk, an I/O error): it takes no entry again until restarted. */
    @Override
    public void notifyLogFailed(Throwable cause, LogEntryProto failedEntry) {
        LOG.error(
                "{} replica {}: Raft log failed{}: {}",
                groupName,
                replicaId,
                failedEntry == null ? "" : " at index " + failedEntry.getIndex(),
                String.valueOf(cause));
        diskFailures.accept(getGroupId(), cause);
    }

    /**
     * Replaces this replica's RocksDB with one rebuilt by re-applying its own Raft log up to the applied index.
     * Used to repair a replica whose storage scrub found corrupt or different; returns the rebuilt index.
     */
    public long rebuildFromLog() throws IOException {
        lock.writeLock().lock();
        try {
            return rebuildLocked();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private long rebuildLocked() throws IOException {
        try {
            RaftLog log = getServer().join().getDivision(getGroupId()).getRaftLog();
            long upTo = persistedIndex;
            if (log.getStartIndex() > 0) {
                throw new IOException(
                        groupName + ": the Raft log starts at " + log.getStartIndex() + ", cannot rebuild from it");
            }
            // After a log tail was lost and truncated (RaftLogRecovery), RocksDB is ahead of the log until the
            // leader has refilled it; rebuilding before that would silently drop the missing entries.
            long logEnd = log.getNextIndex() - 1;
            if (logEnd < upTo) {
                throw new IOException(
                        groupName + ": the Raft log ends at index " + logEnd + " but RocksDB applied up to " + upTo
                                + "; waiting for the leader to refill the log before rebuilding");
            }
            Path dir = store.directory();
            store.close();
            deleteRecursively(dir);
            store = ItemStore.open(dir);
            lastSequence = 0;
            for (long i = log.getStartIndex(); i <= upTo; i++) {
                LogEntryProto entry = log.get(i);
                if (entry != null && entry.hasStateMachineLogEntry()) {
                    apply(i, entry.getStateMachineLogEntry().getLogData(), false);
                } else {
                    store.apply(AppliedEntry.indexOnly(i, lastSequence));
                }
            }
            persistedIndex = upTo;
            incidents.repaired(Incident.ITEM_STORE, groupName, replicaId);
            LOG.warn(
                    "{} replica {}: RocksDB rebuilt from the Raft log up to index {} (sequence {})",
                    groupName,
                    replicaId,
                    upTo,
                    lastSequence);
            return upTo;
        } catch (RaftLogIOException e) {
            throw new IOException(groupName + ": cannot read the Raft log to rebuild: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * A replica whose storage is kept unusable (bug scrubNeverRepairs) still answers scrub markers, with its
     * storage reported corrupt: scrub names it at once instead of waiting for a result that never comes.
     */
    private void reportUnusableAtMarker(long index, ByteString framed) {
        try {
            if (DataCommand.decode(Envelope.open(framed)) instanceof DataCommand.ScrubMarker marker) {
                scrubs.record(new ReplicaScrubResult(
                        groupName,
                        replicaId,
                        marker.scrubId(),
                        index,
                        lastSequence,
                        "",
                        0,
                        false,
                        "RocksDB refused to open at start and was kept as it is (bug scrubNeverRepairs)"));
            }
        } catch (RuntimeException unreadable) {
            // Not a marker this replica can read; it applies nothing either way.
        }
    }

    /**
     * Applies one entry; {@code live} is false while rebuilding, when scrub markers only advance the index (as log
     * nudges always do).
     */
    private Message apply(long index, ByteString framed, boolean live) {
        DataCommand command;
        try {
            command = DataCommand.decode(Envelope.open(framed));
        } catch (RuntimeException e) {
            // Every replica holds the same bytes, so every replica refuses the same entry: state stays equal.
            counters.increment("entries.refused");
            LOG.error("{} replica {}: refusing log entry {}: {}", groupName, replicaId, index, e.getMessage());
            store.apply(AppliedEntry.indexOnly(index, lastSequence));
            return Message.valueOf(ByteString.copyFrom(new WriteReply.Refused(e.getMessage()).encode()));
        }
        if (command instanceof DataCommand.Write write) {
            return applyWrite(index, write, framed.toByteArray());
        }
        if (command instanceof DataCommand.ScrubMarker marker && live) {
            return applyMarker(index, marker);
        }
        store.apply(AppliedEntry.indexOnly(index, lastSequence));
        return Message.EMPTY;
    }

    private Message applyWrite(long index, DataCommand.Write command, byte[] archiveRecord) {
        long sequence = lastSequence + 1;
        WriteReply reply;
        byte[] changedKey = null;
        Optional<byte[]> newItem = Optional.empty();
        try {
            ItemWrite write = ItemWrite.decode(command.itemWrite());
            byte[] key = ItemStore.itemKey(
                    command.table(), command.partition(), write.key().storageKey());
            WriteResult result = write.apply(store.get(key).map(Item::decode));
            reply = new WriteReply.Applied(result);
            if (result.changed()) {
                changedKey = key;
                newItem = result.newItem().map(Item::encode);
            }
        } catch (DynamoException e) {
            reply = new WriteReply.Failed(e.error(), e.getMessage());
        } catch (StorageException e) {
            throw e; // This replica's disk failed, not the write: never answer differently from the other replicas.
        } catch (RuntimeException e) {
            counters.increment("entries.refused");
            reply = new WriteReply.Refused(e.toString());
        }
        store.apply(new AppliedEntry(index, sequence, changedKey, newItem, archiveRecord));
        lastSequence = sequence;
        counters.increment("writes.applied");
        return Message.valueOf(ByteString.copyFrom(reply.encode()));
    }

    /** Checksums the items exactly at this log position: a RocksDB snapshot taken before the next entry applies. */
    private Message applyMarker(long index, DataCommand.ScrubMarker marker) {
        store.apply(AppliedEntry.indexOnly(index, lastSequence));
        long sequence = lastSequence;
        ItemStore at = store;
        ItemSnapshot snapshot = at.snapshot();
        String earlierFailure = unreportedStorageFailure;
        unreportedStorageFailure = null;
        scrubExecutor.execute(() -> scrubs.record(withReadLock(() -> at == store
                ? scrub(at, snapshot, marker.scrubId(), index, sequence, earlierFailure)
                : new ReplicaScrubResult(
                        groupName,
                        replicaId,
                        marker.scrubId(),
                        index,
                        sequence,
                        "",
                        0,
                        false,
                        "replica was rebuilt before its scrub ran"))));
        return Message.valueOf(
                ByteString.copyFrom(new Wire.Writer().i64(sequence).toBytes()));
    }

    private ReplicaScrubResult scrub(
            ItemStore at, ItemSnapshot snapshot, String scrubId, long index, long sequence, String earlierFailure) {
        StringBuilder errors = new StringBuilder(earlierFailure == null ? "" : earlierFailure);
        try {
            at.verifyChecksums();
        } catch (StorageException e) {
            storageCorruptAtScrub(errors, e);
        }
        LogicalChecksum checksum = new LogicalChecksum();
        try (snapshot) {
            snapshot.forEach(checksum::add);
        } catch (StorageException e) {
            storageCorruptAtScrub(errors, e);
        }
        ItemsChecksum sum = checksum.finish();
        boolean ok = errors.length() == 0;
        if (!ok) {
            counters.increment("scrub.storage_errors");
            LOG.error("{} replica {}: storage corruption at scrub {}: {}", groupName, replicaId, scrubId, errors);
        }
        return new ReplicaScrubResult(
                groupName,
                replicaId,
                scrubId,
                index,
                sequence,
                sum.sha256(),
                sum.items(),
                ok,
                ok ? null : errors.toString());
    }

    /** The earlier failure was recorded as an incident when it happened; this one is new. */
    private void storageCorruptAtScrub(StringBuilder errors, StorageException e) {
        errors.append(errors.length() > 0 ? "; " : "").append(e.getMessage());
        incidents.detected(Incident.ITEM_STORE, groupName, replicaId, "scrub: " + e.getMessage());
    }

    /**
     * A ConsistentRead, sent to the leader without Ratis' ReadIndex: takes the commit index as it arrives, has the
     * leadership confirmed by a majority after that ({@link LeaderConfirmation}), waits until this replica applied
     * the commit index, then answers from its state. Reads for bug {@code ackBeforeQuorum}'s unreplicated writes
     * are answered at once, and so is every read with bug {@code ratisReadIndex}, which trusts the ReadIndex Ratis
     * took before calling this.
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        DataQuery query;
        try {
            query = DataQuery.decode(Envelope.open(request.getContent()));
        } catch (RuntimeException e) {
            counters.increment("reads.failed");
            return CompletableFuture.failedFuture(e);
        }
        if (query instanceof DataQuery.UnreplicatedWrite || bugs.isOn(StoreBug.RATIS_READ_INDEX)) {
            return answerLocally(query);
        }
        RaftServer.Division division = division();
        long term = division.getInfo().getCurrentTerm();
        // Only a leader that committed an entry of its own term knows every committed entry is at or below this.
        boolean ready = division.getInfo().isLeaderReady();
        long readIndex = division.getRaftLog().getLastCommittedIndex();
        if (!ready || division.getInfo().getCurrentTerm() != term) {
            return CompletableFuture.failedFuture(new LeaderNotReadyException(division.getMemberId()));
        }
        return leaderConfirmation.confirmedTerm().thenCompose(confirmedTerm -> {
            if (confirmedTerm != term) {
                throw new CompletionException(new ReadIndexException(division.getMemberId() + " led term " + term
                        + " when the read arrived but term " + confirmedTerm + " when confirmed"));
            }
            CompletableFuture<Void> applied = applied(readIndex);
            // Usually applied already: answered on the thread that got the confirmation. Otherwise the thread applying
            // the log completes the wait, and must not be the one that reads.
            return applied.isDone()
                    ? answerLocally(query)
                    : applied.thenComposeAsync(ignored -> answerLocally(query), readExecutor);
        });
    }

    private RaftServer.Division division() {
        try {
            return getServer().join().getDivision(getGroupId());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Completes once this replica applied {@code index}. */
    private CompletableFuture<Void> applied(long index) {
        synchronized (appliedWaiters) {
            if (getLastAppliedTermIndex().getIndex() >= index) {
                return CompletableFuture.completedFuture(null);
            }
            return appliedWaiters.computeIfAbsent(index, i -> new CompletableFuture<>());
        }
    }

    /** Every entry Ratis applies comes through here, state-machine entries and its own (no-op, configuration). */
    @Override
    protected boolean updateLastAppliedTermIndex(TermIndex applied) {
        boolean updated = super.updateLastAppliedTermIndex(applied);
        List<CompletableFuture<Void>> ready;
        synchronized (appliedWaiters) {
            NavigableMap<Long, CompletableFuture<Void>> upToIndex = appliedWaiters.headMap(applied.getIndex(), true);
            ready = List.copyOf(upToIndex.values());
            upToIndex.clear();
        }
        ready.forEach(waiter -> waiter.complete(null));
        return updated;
    }

    /**
     * An eventually consistent read (and ConsistentRead with bug {@code staleConsistentRead}): this replica's state
     * as it is, once it applied {@code minIndex}.
     */
    @Override
    public CompletableFuture<Message> queryStale(Message request, long minIndex) {
        long applied = getLastAppliedTermIndex().getIndex();
        if (applied < minIndex) {
            // The store's stale reads accept any state (minIndex 0); nothing here waits for a later one.
            return CompletableFuture.failedFuture(new StaleReadException(
                    groupName + " replica " + replicaId + " applied up to " + applied + ", not " + minIndex));
        }
        try {
            DataQuery query = DataQuery.decode(Envelope.open(request.getContent()));
            return query instanceof DataQuery.LeaderView
                    ? CompletableFuture.completedFuture(
                            Envelope.seal(leaderView().encode()))
                    : answerLocally(query);
        } catch (RuntimeException e) {
            counters.increment("reads.failed");
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Whom this replica follows, in which term, for a leader confirming its lead ({@link LeaderConfirmation}). The
     * term is read before and after the leader: an answer that straddles a term change names no leader.
     */
    private DataQuery.LeaderView.Answer leaderView() {
        DivisionInfo info = division().getInfo();
        long term = info.getCurrentTerm();
        boolean follower = info.isFollower();
        RaftPeerId leader = info.getLeaderId();
        boolean sameTerm = info.getCurrentTerm() == term;
        return new DataQuery.LeaderView.Answer(
                follower && sameTerm, term, leader == null || !sameTerm ? "" : leader.toString());
    }

    private CompletableFuture<Message> answerLocally(DataQuery query) {
        try {
            return CompletableFuture.completedFuture(Envelope.seal(withReadLock(() -> answer(query))));
        } catch (RuntimeException e) {
            if (e instanceof StorageException) {
                // The read failed instead of returning data from a corrupt block; scrub repairs the replica.
                incidents.detected(Incident.ITEM_STORE, groupName, replicaId, "read: " + e.getMessage());
            }
            counters.increment("reads.failed");
            return CompletableFuture.failedFuture(e);
        }
    }

    private byte[] answer(DataQuery query) {
        if (query instanceof DataQuery.Get get) {
            return new Wire.Writer()
                    .optBlob(store.get(ItemStore.itemKey(get.table(), get.partition(), get.storageKey())))
                    .toBytes();
        }
        if (query instanceof DataQuery.Range range) {
            Optional<byte[]> start =
                    range.exclusiveStart().map(k -> ItemStore.itemKey(range.table(), range.partition(), k));
            List<byte[]> items = store.range(
                    ItemStore.itemKey(range.table(), range.partition(), range.prefix()),
                    start,
                    range.forward(),
                    range.limit());
            Wire.Writer w = new Wire.Writer().i32(items.size());
            items.forEach(w::blob);
            return w.toBytes();
        }
        DataQuery.UnreplicatedWrite write = (DataQuery.UnreplicatedWrite) query;
        return earlyAck.orElseThrow(() -> new IllegalStateException("unreplicated writes need bugs.ackBeforeQuorum"))
                .write(getServer().join(), getGroupId(), store, write.command())
                .encode();
    }

    @Override
    public void close() throws IOException {
        super.close();
        lock.writeLock().lock();
        try {
            if (appliedIndexFile != null) {
                appliedIndexFile.close();
            }
            if (store != null) {
                store.close();
                store = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
