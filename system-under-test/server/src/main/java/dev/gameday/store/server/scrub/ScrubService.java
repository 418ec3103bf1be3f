package dev.gameday.store.server.scrub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.store.api.admin.AdminClient;
import dev.gameday.store.api.bugs.StoreBug;
import dev.gameday.store.api.config.ClusterConfig;
import dev.gameday.store.api.config.NodeConfig;
import dev.gameday.store.api.incident.Incident;
import dev.gameday.store.api.scrub.GroupScrubReport;
import dev.gameday.store.api.scrub.ItemsChecksum;
import dev.gameday.store.api.scrub.ReplicaScrubResult;
import dev.gameday.store.api.scrub.ScrubReport;
import dev.gameday.store.server.admin.AdminServer;
import dev.gameday.store.server.admin.Counters;
import dev.gameday.store.server.archive.ArchiveReader;
import dev.gameday.store.server.archive.ArchiveS3;
import dev.gameday.store.server.archive.ArchiveValidationException;
import dev.gameday.store.server.incident.Incidents;
import dev.gameday.store.server.message.DataCommand;
import dev.gameday.store.server.message.Envelope;
import dev.gameday.store.server.message.Wire;
import dev.gameday.store.server.raft.GroupClients;
import dev.gameday.store.server.raft.RaftGroups;
import dev.gameday.store.server.storage.SequencedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Scrub coordinator. For each group: writes a scrub marker through the group's log (so all replicas checksum
 * at the same applied point), collects the three replicas' results, rebuilds a reference from the archived
 * segments up to the marker's sequence, and compares. A replica whose checksum differs from the reference, or
 * whose RocksDB failed its block-checksum verification, is reported and rebuilt from its healthy peers (when
 * the other two are healthy). A re-scrub shows whether the repair restored equal data.
 *
 * <p>An archived segment that fails validation is an {@code archive} incident: the group's leader uploads it
 * again from its archive_log and the reference is rebuilt; the group is clean when that re-check passes. After
 * all groups, the report collects every reachable node's incidents (the repairs above already marked).
 */
public final class ScrubService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScrubService.class);
    /** How long a replica may take to apply the marker and checksum: seconds here, so 15 s means it is stuck. */
    private static final Duration RESULT_WAIT = Duration.ofSeconds(15);

    private final ClusterConfig config;
    private final RaftGroups raftGroups;
    private final Counters counters;
    private final GroupClients clients;
    private final AdminClient admin = new AdminClient(Duration.ofSeconds(60));
    // A node that does not answer within seconds is listed as unreachable rather than holding up the report.
    private final AdminClient incidentsClient = new AdminClient(Duration.ofSeconds(5));
    private final Incidents incidents;
    private final S3Client s3;
    private final ArchiveReader archive;
    private final BooleanSupplier leadsMetadata;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "scrub-schedule");
        t.setDaemon(true);
        return t;
    });
    private volatile ScrubReport last;

    public ScrubService(
            ClusterConfig config,
            RaftGroups raftGroups,
            Counters counters,
            Incidents incidents,
            BooleanSupplier leadsMetadata) {
        this.config = config;
        this.raftGroups = raftGroups;
        this.counters = counters;
        this.incidents = incidents;
        this.leadsMetadata = leadsMetadata;
        this.clients = new GroupClients(config.raft());
        this.s3 = ArchiveS3.client(config.archive());
        this.archive = new ArchiveReader(s3, config.archive().bucket());
    }

    /** Scrubs on the configured schedule; only the metadata group's leader coordinates, so one scrub at a time. */
    public void startSchedule() {
        long every = config.scrubIntervalMillis();
        if (every <= 0) {
            return;
        }
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        if (leadsMetadata.getAsBoolean()) {
                            run(Optional.empty());
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("scheduled scrub failed: {}", e.toString());
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    public Object lastReport() {
        ScrubReport r = last;
        return r == null ? Map.of("scrub", "none yet") : r;
    }

    public synchronized ScrubReport run(Optional<String> onlyGroup) {
        String scrubId = UUID.randomUUID().toString();
        long started = System.currentTimeMillis();
        List<String> groups = onlyGroup
                .map(g -> {
                    raftGroups.group(g);
                    return List.of(g);
                })
                .orElse(raftGroups.dataGroupNames());
        List<GroupScrubReport> reports = new ArrayList<>();
        for (String group : groups) {
            reports.add(scrubGroup(group, scrubId));
        }
        List<Incident> all = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        collectIncidents(all, unreachable);
        ScrubReport report = new ScrubReport(scrubId, started, System.currentTimeMillis(), reports, all, unreachable);
        counters.increment(report.clean() ? "scrub.clean" : "scrub.dirty");
        last = report;
        return report;
    }

    private void collectIncidents(List<Incident> all, List<String> unreachable) {
        for (NodeConfig n : config.nodes()) {
            try {
                for (JsonNode i : incidentsClient.get(n.adminUrl() + "/incidents")) {
                    all.add(AdminServer.JSON.treeToValue(i, Incident.class));
                }
            } catch (Exception e) {
                LOG.warn("scrub: no incidents from {}: {}", n.id(), e.toString());
                unreachable.add(n.id());
            }
        }
    }

    private GroupScrubReport scrubGroup(String groupName, String scrubId) {
        RaftGroup group = raftGroups.group(groupName);
        Message marker = Envelope.seal(new DataCommand.ScrubMarker(scrubId).encode());
        long sequence = new Wire.Reader(clients.await(
                                clients.submit(clients.client(group), api -> api.send(marker)),
                                "scrub marker on " + groupName)
                        .getMessage()
                        .getContent()
                        .toByteArray())
                .i64();

        List<String> problems = new ArrayList<>();
        List<ReplicaScrubResult> results = new ArrayList<>();
        for (RaftPeer peer : group.getPeers()) {
            NodeConfig node = raftGroups.node(peer.getId());
            awaitResult(node, groupName, scrubId, problems).ifPresent(results::add);
        }

        ItemsChecksum reference = null;
        String referenceError = null;
        List<String> archiveReuploaded = List.of();
        try {
            try {
                reference = referenceChecksum(groupName, sequence);
            } catch (ArchiveValidationException e) {
                incidents.detected(Incident.ARCHIVE, groupName, null, e.getMessage());
                if (config.bugs().isOn(StoreBug.SCRUB_NEVER_REPAIRS)) {
                    throw e;
                }
                archiveReuploaded = reuploadArchive(groupName);
                reference = referenceChecksum(groupName, sequence);
                incidents.repaired(Incident.ARCHIVE, groupName, null);
            }
        } catch (RuntimeException e) {
            referenceError = e.toString();
            problems.add(groupName + ": archive reference unavailable: " + e.getMessage());
        }

        List<String> bad = new ArrayList<>();
        for (ReplicaScrubResult r : results) {
            if (!r.storageOk()) {
                bad.add(r.replica());
                problems.add(groupName + ": replica " + r.replica() + " storage corrupt at index " + r.markerIndex()
                        + ": " + r.storageError());
            } else if (!r.sha256().equals(expected(reference, results))) {
                bad.add(r.replica());
                String problem = groupName + ": replica " + r.replica() + " checksum " + r.sha256() + " (" + r.items()
                        + " items) at index " + r.markerIndex() + " differs from "
                        + (reference != null ? "archive reference " : "majority ") + expected(reference, results);
                problems.add(problem);
                // Its storage verified, so the replica itself saw nothing: the coordinator keeps this incident.
                incidents.detected(Incident.ITEM_STORE, groupName, r.replica(), problem);
            }
        }
        List<String> repaired = repair(groupName, bad, results.size() - bad.size());
        if (!problems.isEmpty()) {
            LOG.error("scrub {} found problems: {}", scrubId, problems);
        }
        return new GroupScrubReport(
                groupName,
                scrubId,
                results.isEmpty() ? -1 : results.get(0).markerIndex(),
                sequence,
                reference,
                referenceError,
                results,
                problems,
                bad,
                repaired,
                archiveReuploaded);
    }

    /** The checksum every replica must have: the archive's, or if it is unavailable, what a majority has. */
    private static String expected(ItemsChecksum reference, List<ReplicaScrubResult> results) {
        if (reference != null) {
            return reference.sha256();
        }
        Map<String, Integer> votes = new HashMap<>();
        results.stream().filter(ReplicaScrubResult::storageOk).forEach(r -> votes.merge(r.sha256(), 1, Integer::sum));
        return votes.entrySet().stream()
                .filter(e -> e.getValue() >= 2)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse("(no majority)");
    }

    private List<String> repair(String group, List<String> bad, int healthy) {
        List<String> repaired = new ArrayList<>();
        if (bad.isEmpty()) {
            return repaired;
        }
        if (config.bugs().isOn(StoreBug.SCRUB_NEVER_REPAIRS)) {
            LOG.error("BUG scrubNeverRepairs: leaving bad replicas {} of {} as they are", bad, group);
            return repaired;
        }
        if (healthy < 2) {
            LOG.error(
                    "{}: only {} healthy replicas, not repairing {} (would risk the quorum's data)",
                    group,
                    healthy,
                    bad);
            return repaired;
        }
        for (String replica : bad) {
            admin.post(raftGroups.node(RaftPeerId.valueOf(replica)).adminUrl() + "/repair?group=" + group);
            repaired.add(replica);
            incidents.repaired(Incident.ITEM_STORE, group, replica);
        }
        return repaired;
    }

    private ItemsChecksum referenceChecksum(String group, long sequence) {
        return ReferenceReplica.rebuild(archivedUpTo(group, sequence), sequence).checksum();
    }

    /**
     * Has the group's leader upload its corrupt segments again from its archive_log; returns the segment keys.
     * Each replica's node is asked in turn: only the leader accepts, the others answer 400.
     */
    private List<String> reuploadArchive(String group) {
        List<String> refusals = new ArrayList<>();
        for (RaftPeer peer : raftGroups.group(group).getPeers()) {
            NodeConfig node = raftGroups.node(peer.getId());
            try {
                JsonNode reply = admin.post(node.adminUrl() + "/archive/reupload?group=" + group);
                List<String> keys = new ArrayList<>();
                reply.get("reuploaded").forEach(k -> keys.add(k.asText()));
                return keys;
            } catch (RuntimeException e) {
                refusals.add(node.id() + ": " + e.getMessage());
            }
        }
        throw new IllegalStateException(group + ": no replica re-uploaded the archive: " + refusals);
    }

    /**
     * The archive up to the marker's sequence: flushes the leaders' archivers first (the marker reply means the
     * leader applied everything up to it), then reads and validates the group's segments.
     */
    private List<SequencedRecord> archivedUpTo(String group, long sequence) {
        for (NodeConfig n : config.nodes()) {
            try {
                admin.post(n.adminUrl() + "/archive/flush");
            } catch (RuntimeException e) {
                LOG.debug("archive flush on {} failed: {}", n.id(), e.toString());
            }
        }
        List<SequencedRecord> records = archive.readAll(group);
        long archived = records.isEmpty() ? 0 : records.get(records.size() - 1).sequence();
        if (archived < sequence) {
            throw new IllegalStateException(
                    "archive of " + group + " reaches sequence " + archived + ", scrub marker is at " + sequence);
        }
        return records;
    }

    /** The replica's result, or empty with the reason added to {@code problems}. */
    private Optional<ReplicaScrubResult> awaitResult(
            NodeConfig node, String group, String scrubId, List<String> problems) {
        long deadline = System.nanoTime() + RESULT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode json = admin.get(node.adminUrl() + "/scrub/replica?group=" + group + "&id=" + scrubId);
                return Optional.of(AdminServer.JSON.treeToValue(json, ReplicaScrubResult.class));
            } catch (Exception e) {
                // A replica Ratis closed (its state machine threw while applying) never applies the marker: name it now
                // instead of waiting out the deadline.
                if (replicaClosed(node, group)) {
                    problems.add(group + ": replica " + node.id() + " did not report scrub " + scrubId
                            + ": its Raft replica is closed");
                    return Optional.empty();
                }
                sleep(250);
            }
        }
        problems.add(group + ": replica " + node.id() + " did not report scrub " + scrubId);
        return Optional.empty();
    }

    /** Whether the node says its replica of the group is closed; a node that does not answer may yet report. */
    private boolean replicaClosed(NodeConfig node, String group) {
        try {
            for (JsonNode g : admin.get(node.adminUrl() + "/groups")) {
                if (g.get("group").asText().equals(group)) {
                    return !g.path("alive").asBoolean(true);
                }
            }
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        clients.close();
        s3.close();
    }
}
