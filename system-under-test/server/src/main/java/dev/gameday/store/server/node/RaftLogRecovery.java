package dev.gameday.store.server.node;

import dev.gameday.store.api.config.ReplicationGroups;
import dev.gameday.store.api.incident.Incident;
import dev.gameday.store.server.incident.Incidents;
import dev.gameday.store.server.message.DataCommand;
import dev.gameday.store.server.message.Envelope;
import dev.gameday.store.server.meta.MetadataMessage;
import dev.gameday.store.server.raft.GroupClients;
import dev.gameday.store.server.raft.RaftGroups;
import dev.gameday.store.server.raft.RaftSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.raftlog.segmented.LogSegment;
import org.apache.ratis.server.raftlog.segmented.LogSegmentPath;
import org.apache.ratis.server.raftlog.segmented.SegmentedRaftLogFormat;
import org.apache.ratis.thirdparty.com.google.protobuf.CodedOutputStream;
import org.apache.ratis.util.SizeInBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds Raft log corruption a node suffered while it was off, and tells when it is repaired.
 *
 * <p>Before Ratis opens the logs, every segment file is read with Ratis' own segment reader, which verifies
 * each entry's checksum; the first bad entry (or a closed segment that ends before the index its name gives) is
 * recorded as a {@code raft-log} incident. In the open segment, Ratis itself, with
 * {@link RaftServerConfigKeys.Log.CorruptionPolicy#WARN_AND_RETURN} (see {@link RaftSettings}), then keeps the
 * entries before it and truncates the segment there; in a closed one, this class cuts the log itself first
 * ({@code cutClosedSegment}). Ratis treats a tail that merely ends early (zeroed
 * or cut off) as a crash during a write, so a data replica whose RocksDB had applied more than its log now
 * holds is recorded too: the log lost entries it had.
 *
 * <p>The lost entries were committed, so the two other replicas hold them and the leader sends them again.
 * The incident is repaired once this replica's log is committed and applied up to the index it must reach
 * again (the index of the first bad entry, and for a data replica the index its RocksDB had applied, which
 * {@link PartitionStateMachine#rebuildFromLog} needs). The leader resends lost entries only once it appends a
 * new one, so this node submits a nudge (an entry that changes nothing) while it waits.
 */
final class RaftLogRecovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftLogRecovery.class);
    private static final long NUDGE_EVERY_MILLIS = 3000;
    private static final String OPEN_SEGMENT_PREFIX = "log_inprogress_";

    private final String nodeId;
    private final RaftGroups raftGroups;
    private final Incidents incidents;
    /** Per group, the last index its log files held readably at start (-1: no entries). */
    private final Map<String, Long> lastReadable;
    /** Per group with an unrepaired incident: the index its log must be committed and applied up to again. */
    private final Map<String, Long> mustReach = new ConcurrentHashMap<>();

    private final Set<String> comparedWithRocksDb = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastNudgeMillis = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "raft-log-recovery");
        t.setDaemon(true);
        return t;
    });

    private RaftLogRecovery(String nodeId, RaftGroups raftGroups, Incidents incidents, Map<String, Long> lastReadable) {
        this.nodeId = nodeId;
        this.raftGroups = raftGroups;
        this.incidents = incidents;
        this.lastReadable = lastReadable;
    }

    /** Reads every segment of every group under {@code ratisDir} (before Ratis opens them) and records corruption. */
    static RaftLogRecovery scan(
            Path ratisDir, RaftGroups raftGroups, String nodeId, SizeInBytes maxEntrySize, Incidents incidents) {
        RaftLogRecovery recovery = new RaftLogRecovery(nodeId, raftGroups, incidents, new ConcurrentHashMap<>());
        if (!Files.isDirectory(ratisDir)) {
            return recovery;
        }
        try (Stream<Path> dirs = Files.list(ratisDir)) {
            for (Path groupDir : dirs.filter(Files::isDirectory).toList()) {
                groupName(raftGroups, groupDir)
                        .ifPresent(name -> recovery.scanGroup(name, groupDir.resolve("current"), maxEntrySize));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list Raft storage " + ratisDir, e);
        }
        return recovery;
    }

    private static Optional<String> groupName(RaftGroups raftGroups, Path groupDir) {
        try {
            return Optional.of(raftGroups.name(
                    RaftGroupId.valueOf(UUID.fromString(groupDir.getFileName().toString()))));
        } catch (IllegalArgumentException e) {
            LOG.warn(
                    "ignoring {}: not the directory of a replication group of this cluster ({})",
                    groupDir,
                    e.getMessage());
            return Optional.empty();
        }
    }

    private void scanGroup(String group, Path current, SizeInBytes maxEntrySize) {
        List<LogSegmentPath> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(current)) {
            files.map(LogSegmentPath::matchLogSegment).filter(s -> s != null).forEach(segments::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list Raft log " + current, e);
        }
        segments.sort(Comparator.comparing(LogSegmentPath::getStartEnd));
        long[] last = {-1};
        for (int i = 0; i < segments.size(); i++) {
            LogSegmentPath segment = segments.get(i);
            // The bytes of this segment's entries read so far: where a cut keeps them.
            long[] goodBytes = {SegmentedRaftLogFormat.getHeaderLength()};
            String problem = problemIn(segment, maxEntrySize, entry -> {
                last[0] = entry.getIndex();
                goodBytes[0] += entryBytes(entry);
            });
            if (problem != null) {
                incidents.detected(
                        Incident.RAFT_LOG,
                        group,
                        nodeId,
                        segment.getPath().getFileName() + ": entries after index " + last[0] + " are " + problem);
                // Ratis keeps the entries before the bad one and nothing after it; the bad one's index must come back.
                mustReach.put(group, last[0] + 1);
                if (!isOpen(segment)) {
                    last[0] = cutClosedSegment(
                            group, current, segments.subList(i, segments.size()), last[0], goodBytes[0], maxEntrySize);
                }
                break;
            }
        }
        lastReadable.put(group, last[0]);
        if (!mustReach.containsKey(group) && incidents.isUnrepaired(Incident.RAFT_LOG, group, nodeId)) {
            // Found before a restart that came before its repair: repaired once the leader refills past what is here.
            LOG.info("{}: a raft-log incident from an earlier start is not repaired yet", group);
            mustReach.put(group, last[0] + 1);
        }
    }

    /**
     * Ends the log at {@code lastGood} when the bad entry is in a closed segment. Ratis truncates only the open
     * segment: of a closed one it keeps the entries before the bad one, then finds that the next segment does not
     * follow on ("Found a gap between logs") and the replica never starts. A closed segment goes bad this way when
     * an fsync of its entries failed once, a later one "succeeded" without writing them (fsyncgate), the segment
     * was closed and the next one begun, and then the power went: its tail is zeros, or it ends early, while the
     * next segment is whole. So the bad segment is cut after its last good entry (renamed to the range it now holds,
     * or moved away whole if it holds none, or if the cut one does not read back whole), and every later segment is
     * moved to {@code damaged-log/} beside {@code current/}, kept for whoever looks into it. The entries past the
     * cut were committed, so the leader sends them again, as after a bad open segment. Returns the log's last index
     * after the cut.
     */
    private static long cutClosedSegment(
            String group,
            Path current,
            List<LogSegmentPath> badAndLater,
            long lastGood,
            long goodBytes,
            SizeInBytes maxEntrySize) {
        Path bad = badAndLater.get(0).getPath();
        Path damaged = current.resolveSibling("damaged-log");
        long start = segmentStart(bad);
        long lastKept = lastGood;
        try {
            Files.createDirectories(damaged);
            for (LogSegmentPath later : badAndLater.subList(1, badAndLater.size())) {
                moveAside(later.getPath(), damaged);
            }
            if (lastGood < start) {
                moveAside(bad, damaged);
            } else {
                Path cut = bad.resolveSibling("log_" + start + "-" + lastGood);
                try (FileChannel channel = FileChannel.open(bad, StandardOpenOption.WRITE)) {
                    channel.truncate(goodBytes);
                }
                Files.move(bad, cut);
                if (problemIn(LogSegmentPath.matchLogSegment(cut), maxEntrySize, entry -> {}) != null) {
                    // The cut missed an entry's end (an entry written in a form this count does not know): drop it all.
                    moveAside(cut, damaged);
                    lastKept = start - 1;
                }
            }
            RaftDirectorySync.syncLog(current.getParent());
            RaftDirectorySync.forceIfPresent(damaged);
            LOG.warn(
                    "{}: cut the Raft log after index {} ({} ended in a bad entry, {} later segment(s) moved to {})",
                    group,
                    lastKept,
                    bad.getFileName(),
                    badAndLater.size() - 1,
                    damaged);
            return lastKept;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cut the Raft log of " + group + " in " + current, e);
        }
    }

    /**
     * What is wrong with a segment file, or null: an entry Ratis' reader refuses (checksum, framing), or a closed
     * segment that ends before the index its name gives (it reads without an error). Each entry read goes to
     * {@code onEntry}.
     */
    private static String problemIn(LogSegmentPath segment, SizeInBytes maxEntrySize, Consumer<LogEntryProto> onEntry) {
        long[] last = {-1};
        try {
            LogSegment.readSegmentFile(
                    segment.getPath().toFile(),
                    segment.getStartEnd(),
                    maxEntrySize,
                    RaftServerConfigKeys.Log.CorruptionPolicy.EXCEPTION,
                    null,
                    entry -> {
                        last[0] = entry.getIndex();
                        onEntry.accept(entry);
                    });
        } catch (IOException | IllegalStateException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
        return !isOpen(segment) && last[0] < segmentEnd(segment.getPath()) ? "missing (the file ends early)" : null;
    }

    private static void moveAside(Path segment, Path damaged) throws IOException {
        Files.move(segment, damaged.resolve(segment.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    private static boolean isOpen(LogSegmentPath segment) {
        return segment.getPath().getFileName().toString().startsWith(OPEN_SEGMENT_PREFIX);
    }

    /** The first index of a closed segment, from its name ({@code log_START-END}). */
    private static long segmentStart(Path closedSegment) {
        String name = closedSegment.getFileName().toString();
        return Long.parseLong(name.substring("log_".length(), name.indexOf('-')));
    }

    /** The last index of a closed segment, from its name ({@code log_START-END}). */
    private static long segmentEnd(Path closedSegment) {
        String name = closedSegment.getFileName().toString();
        return Long.parseLong(name.substring(name.indexOf('-') + 1));
    }

    /** What one entry takes in a segment file, as Ratis writes it: its length (varint), the entry, a CRC32C. */
    private static long entryBytes(LogEntryProto entry) {
        int size = entry.getSerializedSize();
        return CodedOutputStream.computeUInt32SizeNoTag(size) + size + Integer.BYTES;
    }

    /** Watches until every incident found is repaired. */
    void start(StorageNode node, GroupClients clients) {
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        check(node, clients);
                    } catch (RuntimeException e) {
                        LOG.warn("raft log recovery check failed: {}", e.toString());
                    }
                },
                500,
                500,
                TimeUnit.MILLISECONDS);
    }

    private void check(StorageNode node, GroupClients clients) {
        for (Map.Entry<String, Long> readable : lastReadable.entrySet()) {
            String group = readable.getKey();
            if (comparedWithRocksDb.contains(group)) {
                continue;
            }
            node.dataReplica(group).ifPresent(replica -> {
                comparedWithRocksDb.add(group);
                long applied = replica.appliedIndexAtOpen();
                if (applied > readable.getValue()) {
                    incidents.detected(
                            Incident.RAFT_LOG,
                            group,
                            nodeId,
                            "the Raft log ends at index " + readable.getValue() + " but RocksDB had applied up to "
                                    + applied + ": the log lost its tail");
                    mustReach.merge(group, applied, Math::max);
                }
            });
        }
        for (Map.Entry<String, Long> target : mustReach.entrySet()) {
            Optional<RaftServer.Division> division = node.division(target.getKey());
            if (division.isEmpty()) {
                continue;
            }
            if (refilled(division.get(), target.getValue())) {
                mustReach.remove(target.getKey());
                incidents.repaired(Incident.RAFT_LOG, target.getKey(), nodeId);
            } else {
                nudge(target.getKey(), clients);
            }
        }
    }

    private void nudge(String group, GroupClients clients) {
        long now = System.currentTimeMillis();
        if (now - lastNudgeMillis.getOrDefault(group, 0L) < NUDGE_EVERY_MILLIS) {
            return;
        }
        lastNudgeMillis.put(group, now);
        Message nudge = Envelope.seal(
                group.equals(ReplicationGroups.METADATA_GROUP)
                        ? new MetadataMessage.LogNudge().encode()
                        : new DataCommand.LogNudge().encode());
        clients.submit(clients.client(raftGroups.group(group)), api -> api.send(nudge))
                .whenComplete((reply, e) -> LOG.info(
                        "nudged {} to refill this replica's log: {}",
                        group,
                        e == null ? "appended at index " + reply.getLogIndex() : e.toString()));
    }

    private static boolean refilled(RaftServer.Division division, long index) {
        return division.getInfo().getLeaderId() != null
                && division.getRaftLog().getLastCommittedIndex() >= index
                && division.getInfo().getLastAppliedIndex() >= index;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
