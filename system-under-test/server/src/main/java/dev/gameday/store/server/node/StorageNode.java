package dev.gameday.store.server.node;

import dev.gameday.store.api.bugs.StoreBug;
import dev.gameday.store.api.config.ClusterConfig;
import dev.gameday.store.api.config.NodeConfig;
import dev.gameday.store.api.config.ReplicationGroups;
import dev.gameday.store.server.admin.AdminServer;
import dev.gameday.store.server.admin.Counters;
import dev.gameday.store.server.archive.ArchiveLog;
import dev.gameday.store.server.archive.ArchiveSource;
import dev.gameday.store.server.archive.Archiver;
import dev.gameday.store.server.bugs.EarlyAckWriter;
import dev.gameday.store.server.incident.Incidents;
import dev.gameday.store.server.meta.MetadataStateMachine;
import dev.gameday.store.server.meta.TableDirectory;
import dev.gameday.store.server.raft.GroupClients;
import dev.gameday.store.server.raft.LeaderPlacement;
import dev.gameday.store.server.raft.RaftGroups;
import dev.gameday.store.server.raft.RaftSettings;
import dev.gameday.store.server.scrub.ReplicaScrubs;
import dev.gameday.store.server.scrub.ScrubService;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A storage node: one Ratis server hosting a replica of every group the cluster config places on this node (the
 * metadata group and data groups), plus the archiver for the groups it leads, scrub, and the admin endpoint.
 */
public final class StorageNode implements ArchiveSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StorageNode.class);
    /** The node's incidents, in its data directory: they outlive its restarts. */
    private static final String INCIDENTS_FILE = "incidents.json";

    private final ClusterConfig config;
    private final NodeConfig me;
    private final RaftGroups raftGroups;
    private final Counters counters = new Counters();
    private final Incidents incidents;
    private final ReplicaScrubs replicaScrubs = new ReplicaScrubs();
    private final ExecutorService scrubExecutor =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "replica-scrub"));
    /** Answers ConsistentReads once confirmed, off the threads that apply the log and ask the peers. */
    private final ExecutorService readExecutor = Executors.newFixedThreadPool(2, r -> new Thread(r, "consistent-read"));

    private final RaftServer server;
    private final ClientId adminClientId = ClientId.randomId();
    private final AtomicLong adminCallIds = new AtomicLong();
    private final RaftLogRecovery raftLogRecovery;
    private final long logScanMillis;
    private final GroupClients raftClients;
    private final Archiver archiver;
    private final ScrubService scrub;
    private final AdminServer admin;
    private final LeaderPlacement leaderPlacement;
    private final ReplicaRestarts replicaRestarts;

    public StorageNode(ClusterConfig config, String nodeId) throws IOException {
        this.config = config;
        this.me = config.node(nodeId);
        this.raftGroups = new RaftGroups(config);
        config.bugs().checkAllowed(System.getenv());
        Files.createDirectories(me.dataDir());
        this.incidents = Incidents.keptIn(me.dataDir().resolve(INCIDENTS_FILE));
        Optional<EarlyAckWriter> earlyAck =
                config.bugs().isOn(StoreBug.ACK_BEFORE_QUORUM) ? Optional.of(new EarlyAckWriter()) : Optional.empty();
        RaftProperties properties =
                RaftSettings.server(config.raft(), me.dataDir().resolve("ratis"), me.raftPort(), config.bugs());
        // Before Ratis opens (and truncates) the logs: what they hold is the evidence of corruption.
        long scanStart = System.nanoTime();
        raftLogRecovery = RaftLogRecovery.scan(
                me.dataDir().resolve("ratis"),
                raftGroups,
                nodeId,
                RaftServerConfigKeys.Log.Appender.bufferByteLimit(properties),
                incidents);
        logScanMillis = (System.nanoTime() - scanStart) / 1_000_000;
        // Before the Raft server: state machines of groups it recovers from disk ask their peers through these clients.
        raftClients = new GroupClients(config.raft());
        replicaRestarts = new ReplicaRestarts(new RestartSteps(me.dataDir().resolve("ratis")), raftGroups::name);
        server = RaftServer.newBuilder()
                .setServerId(RaftPeerId.valueOf(nodeId))
                .setProperties(properties)
                .setStateMachineRegistry(groupId -> newStateMachine(groupId, earlyAck))
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
        leaderPlacement = new LeaderPlacement(server, raftGroups, config.raft());
        archiver = new Archiver(
                config,
                raftGroups,
                this,
                counters,
                new TableDirectory(raftClients.client(raftGroups.metadataGroup()), raftClients));
        scrub = new ScrubService(
                config, raftGroups, counters, incidents, () -> isLeader(ReplicationGroups.METADATA_GROUP));
        admin = new AdminServer(me.host(), me.adminPort());
        registerAdminRoutes();
    }

    private StateMachine newStateMachine(RaftGroupId groupId, Optional<EarlyAckWriter> earlyAck) {
        String name = raftGroups.name(groupId);
        if (name.equals(ReplicationGroups.METADATA_GROUP)) {
            return new MetadataStateMachine(raftGroups.dataGroupCount(), replicaRestarts::failed);
        }
        return new PartitionStateMachine(
                name,
                me.id(),
                replicaScrubs,
                counters,
                incidents,
                scrubExecutor,
                readExecutor,
                LeaderConfirmation.askingThrough(raftClients),
                earlyAck,
                replicaRestarts::failed,
                config.bugs());
    }

    public void start() throws IOException {
        Thread.setDefaultUncaughtExceptionHandler(this::uncaught);
        long startNanos = System.nanoTime();
        server.start();
        for (RaftGroup group : raftGroups.groupsOf(me.id())) {
            addGroupIfMissing(group);
        }
        long raftStartMillis = (System.nanoTime() - startNanos) / 1_000_000;
        RaftDirectorySync.syncAll(me.dataDir().resolve("ratis"));
        admin.start();
        raftLogRecovery.start(this, raftClients);
        archiver.start();
        scrub.startSchedule();
        leaderPlacement.start();
        // How long a (re)start takes, and where: a node powered on serves only after this.
        long sinceJvmStart = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        LOG.info(
                "storage node {} ({}) up: raft {}, admin {}; {} ms after the JVM started (log scan {} ms, Ratis start {} ms)",
                me.id(),
                me.az(),
                me.raftAddress(),
                me.adminUrl(),
                sinceJvmStart,
                logScanMillis,
                raftStartMillis);
    }

    private void addGroupIfMissing(RaftGroup group) throws IOException {
        for (RaftGroupId id : server.getGroupIds()) {
            if (id.equals(group.getGroupId())) {
                return;
            }
        }
        expectSuccess(
                "add",
                group.getGroupId(),
                server.groupManagement(GroupManagementRequest.newAdd(
                        adminClientId, server.getId(), adminCallIds.incrementAndGet(), group)));
    }

    /** Fails with what was asked of which group when Ratis refused it. */
    private void expectSuccess(String what, RaftGroupId id, RaftClientReply reply) throws IOException {
        if (!reply.isSuccess()) {
            throw new IOException("cannot " + what + " group " + raftGroups.name(id) + ": " + reply.getException());
        }
    }

    /** The Ratis group of one of the cluster's replication groups. */
    private RaftGroup group(RaftGroupId id) {
        return raftGroups.group(raftGroups.name(id));
    }

    /**
     * The JVM's own report of an uncaught exception ("Exception in thread ...", which the harness counts as a process
     * dying), except for the one a disk failure's replica restart explains (ReplicaRestarts.explains), logged as an
     * error instead.
     */
    private void uncaught(Thread thread, Throwable error) {
        if (replicaRestarts.explains(thread, error)) {
            LOG.error("thread {} of a replica closed by a disk failure ended: {}", thread.getName(), error.toString());
            return;
        }
        System.err.print("Exception in thread \"" + thread.getName() + "\" ");
        error.printStackTrace(System.err);
    }

    /** How long a leader move after a replica restart may take; a transfer waits for the new leader's election. */
    private static final long LEADER_MOVE_MILLIS = 5000;

    /** How {@link ReplicaRestarts} closes and reopens one of this node's replicas. */
    private final class RestartSteps implements ReplicaRestarts.Steps {
        private final Path ratisDir;

        RestartSteps(Path ratisDir) {
            this.ratisDir = ratisDir;
        }

        @Override
        public Optional<ReplicaRestarts.Removed> remove(RaftGroupId id) throws IOException {
            Optional<RaftServer.Division> division = division(id);
            if (division.isEmpty()) {
                return Optional.empty();
            }
            ReplicaRestarts.Removed removed = new ReplicaRestarts.Removed(
                    division.get().getInfo().getCurrentTerm(),
                    division.get().getRaftLog().getLastCommittedIndex());
            // The directory stays (deleteDirectory and renameDirectory false): the add below opens it again.
            expectSuccess(
                    "remove",
                    id,
                    server.groupManagement(GroupManagementRequest.newRemove(
                            adminClientId, server.getId(), adminCallIds.incrementAndGet(), id, false, false)));
            return Optional.of(removed);
        }

        @Override
        public void prepare(RaftGroupId id, long term) throws IOException {
            Path groupDir = ratisDir.resolve(id.getUuid().toString());
            RaftDirectorySync.rewriteLog(groupDir);
            if (RaftMetaFile.repairIfUnreadable(groupDir.resolve("current"), term, me.id())) {
                LOG.warn(
                        "{}: its term and vote file was unreadable after a failed write; rewritten with term {}",
                        raftGroups.name(id),
                        term);
                counters.increment("raft.meta_rewrites");
            }
        }

        @Override
        public void add(RaftGroupId id) throws IOException {
            // format false: open the group from its directory (RECOVER), as at a node's start.
            expectSuccess(
                    "reopen",
                    id,
                    server.groupManagement(GroupManagementRequest.newAdd(
                            adminClientId, server.getId(), adminCallIds.incrementAndGet(), group(id), false)));
        }

        @Override
        public long appliedIndex(RaftGroupId id) {
            return division(id).map(d -> d.getInfo().getLastAppliedIndex()).orElse(-1L);
        }

        @Override
        public void moveLeaderAway(RaftGroupId id) throws IOException {
            RaftServer.Division division = server.getDivision(id);
            RaftPeerId leader = division.getInfo().getLeaderId();
            if (leader == null || leader.equals(server.getId())) {
                return;
            }
            RaftGroup group = group(id);
            Optional<RaftPeerId> third = group.getPeers().stream()
                    .map(RaftPeer::getId)
                    .filter(p -> !p.equals(leader) && !p.equals(server.getId()))
                    .findFirst();
            if (third.isEmpty()) {
                return;
            }
            expectSuccess(
                    "move the leader of",
                    id,
                    raftClients.client(group).admin().transferLeadership(third.get(), leader, LEADER_MOVE_MILLIS));
        }
    }

    /** This node's replica of a data group, or empty if it hosts none (or it is not started yet). */
    public Optional<PartitionStateMachine> dataReplica(String groupName) {
        return stateMachine(raftGroups.group(groupName).getGroupId())
                .filter(PartitionStateMachine.class::isInstance)
                .map(PartitionStateMachine.class::cast);
    }

    private Optional<StateMachine> stateMachine(RaftGroupId id) {
        return division(id).map(RaftServer.Division::getStateMachine);
    }

    /** This node's Ratis division of a group, or empty if it hosts none (or it is not started yet). */
    Optional<RaftServer.Division> division(String groupName) {
        return division(raftGroups.group(groupName).getGroupId());
    }

    private Optional<RaftServer.Division> division(RaftGroupId id) {
        try {
            return Optional.of(server.getDivision(id));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<ArchiveLog> archiveLog(String groupName) {
        return dataReplica(groupName).map(ArchiveLog.class::cast);
    }

    @Override
    public boolean isLeader(String groupName) {
        try {
            return server.getDivision(raftGroups.group(groupName).getGroupId())
                    .getInfo()
                    .isLeader();
        } catch (IOException e) {
            return false;
        }
    }

    /** This node's current Raft term in a group (-1 if it hosts no replica). */
    @Override
    public long term(String groupName) {
        try {
            return server.getDivision(raftGroups.group(groupName).getGroupId())
                    .getInfo()
                    .getCurrentTerm();
        } catch (IOException e) {
            return -1;
        }
    }

    private List<Map<String, Object>> groups() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RaftGroupId id : server.getGroupIds()) {
            RaftServer.Division division = server.getDivision(id);
            DivisionInfo info = division.getInfo();
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("group", raftGroups.name(id));
            g.put("groupId", id.getUuid().toString());
            g.put("role", info.getCurrentRole().name());
            g.put("leader", info.isLeader());
            // False once Ratis closed this replica (its state machine threw while applying): it applies nothing more.
            g.put("alive", info.isAlive());
            g.put(
                    "leaderId",
                    info.getLeaderId() == null ? null : info.getLeaderId().toString());
            g.put("term", info.getCurrentTerm());
            g.put("appliedIndex", info.getLastAppliedIndex());
            g.put("commitIndex", division.getRaftLog().getLastCommittedIndex());
            // A closed replica's state machine has closed its RocksDB: it has no sequence to report.
            if (info.isAlive() && division.getStateMachine() instanceof PartitionStateMachine psm) {
                g.put("lastSequence", psm.lastSequence());
            }
            out.add(g);
        }
        return out;
    }

    /**
     * Repairs this node's replica of a group: its RocksDB is replaced by one rebuilt from the replica's own Raft
     * log, which Ratis checksums and which equals its peers' committed log. Re-scrubbing proves the result.
     */
    public long rebuildReplica(String groupName) throws IOException {
        PartitionStateMachine replica = dataReplica(groupName)
                .orElseThrow(() -> new IllegalArgumentException(me.id() + " hosts no replica of " + groupName));
        LOG.warn("rebuilding replica of {} on {} from its Raft log", groupName, me.id());
        long index = replica.rebuildFromLog();
        counters.increment("scrub.repairs");
        return index;
    }

    private void registerAdminRoutes() {
        admin.route("GET", "/health", q -> Map.of("role", "node", "id", me.id(), "az", me.az(), "ok", true))
                .route("GET", "/groups", q -> groups())
                .route("GET", "/counters", q -> counters.snapshot())
                .route("GET", "/incidents", q -> incidents.list())
                .route("POST", "/scrub", q -> scrub.run(Optional.ofNullable(q.get("group"))))
                .route("GET", "/scrub", q -> scrub.lastReport())
                .route(
                        "GET",
                        "/scrub/replica",
                        q -> replicaScrubs
                                .find(required(q, "group"), required(q, "id"))
                                .orElseThrow(() -> new IllegalArgumentException("no scrub result yet for " + q)))
                .route(
                        "POST",
                        "/repair",
                        q -> Map.of("rebuilt", q.get("group"), "upToIndex", rebuildReplica(required(q, "group"))))
                .route("POST", "/archive/flush", q -> archiver.flushLedGroups())
                .route(
                        "POST",
                        "/archive/reupload",
                        q -> Map.of(
                                "group", required(q, "group"), "reuploaded", archiver.reupload(required(q, "group"))))
                .route("POST", "/storage/flush", q -> {
                    List<String> flushed = new ArrayList<>();
                    for (String name : raftGroups.groups().keySet()) {
                        dataReplica(name).ifPresent(r -> {
                            r.flushStorage();
                            flushed.add(name);
                        });
                    }
                    return Map.of("flushed", flushed);
                });
    }

    private static String required(Map<String, String> query, String name) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing query parameter '" + name + "'");
        }
        return v;
    }

    @Override
    public void close() throws IOException {
        replicaRestarts.close();
        leaderPlacement.close();
        scrub.close();
        raftLogRecovery.close();
        archiver.close();
        raftClients.close();
        admin.close();
        server.close();
        scrubExecutor.shutdownNow();
        readExecutor.shutdownNow();
    }
}
