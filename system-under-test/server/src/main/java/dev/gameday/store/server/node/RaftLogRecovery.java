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
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.stream.Stream;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.raftlog.segmented.LogSegment;
import org.apache.ratis.server.raftlog.segmented.LogSegmentPath;
import org.apache.ratis.util.SizeInBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds Raft log corruption a node suffered while it was off, and tells when it is repaired.
 *
 * <p>Before Ratis opens the logs, every segment file is read with Ratis' own segment reader, which verifies
 * each entry's checksum; the first bad entry is recorded as a {@code raft-log} incident. Ratis itself, with
 * {@link RaftServerConfigKeys.Log.CorruptionPolicy#WARN_AND_RETURN} (see {@link RaftSettings}), then keeps the
 * entries before it and truncates the open segment there. Ratis treats a tail that merely ends early (zeroed
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
        for (LogSegmentPath segment : segments) {
            try {
                LogSegment.readSegmentFile(
                        segment.getPath().toFile(),
                        segment.getStartEnd(),
                        maxEntrySize,
                        RaftServerConfigKeys.Log.CorruptionPolicy.EXCEPTION,
                        null,
                        entry -> last[0] = entry.getIndex());
            } catch (IOException | IllegalStateException e) {
                incidents.detected(
                        Incident.RAFT_LOG,
                        group,
                        nodeId,
                        segment.getPath().getFileName() + ": entries after index " + last[0] + " are unreadable ("
                                + e.getMessage() + ")");
                // Ratis keeps the entries before the bad one and nothing after it; the bad one's index must come back.
                mustReach.put(group, last[0] + 1);
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
