package dev.gameday.etcd;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.cluster.ContainerLogFiles;
import dev.gameday.cluster.FaultFileSystems;
import dev.gameday.cluster.IptablesPartitions;
import dev.gameday.cluster.PartitionRules;
import dev.gameday.cluster.PowerControl;
import dev.gameday.cluster.PowerOffMode;
import dev.gameday.cluster.RunContainers;
import dev.gameday.cluster.RunLabels;
import dev.gameday.cluster.StaleResourceSweeper;
import dev.gameday.cluster.StoreCluster;
import dev.gameday.experiment.ClusterShape;
import dev.gameday.experiment.LinkSpec;
import dev.gameday.faultfs.FaultFs;
import dev.gameday.nemesis.Cluster;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.maintenance.HashKVResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.toxiproxy.ToxiproxyContainer;

/**
 * An etcd cluster as containers of one run: {@code membersPerAz} members in each AZ, named
 * {@code az1-etcd-1}, ..., each with its data directory in the run directory on the host
 * ({@code data/<member>}) and its output in {@code <member>.log}, and the fault proxy that canaries reach every
 * member through (and, {@link #withPeerLinksThroughFaultProxy}, the members each other). The containers and the
 * network carry the run's labels through {@link RunContainers}, so they are removed on pass, fail and Ctrl-C,
 * and swept by the next run if this process was killed.
 *
 * <pre>
 * try (EtcdCluster etcd = new EtcdCluster(runDir, labels).withAzs(List.of("az1", "az2", "az3")).start()) {
 *   String leader = etcd.awaitLeader(timeout);
 *   etcd.powerOff(leader);
 * }
 * </pre>
 */
public final class EtcdCluster implements AutoCloseable, IptablesPartitions.Members {

    private static final Logger log = LoggerFactory.getLogger(EtcdCluster.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A member of the run. {@code clientUrl} is its client port on the host, direct (a fixed host port, kept across
     * restarts): for the harness's own calls. {@code canaryUrl} leads there through the member's fault-proxy path
     * ({@link #clientPathName}), for canaries, so link faults reach their traffic.
     */
    public record Member(String name, String az, String containerId, URI clientUrl, URI canaryUrl) {}

    static final String FAULT_PROXY = "fault-proxy";
    /** The fault proxy's container exposes 8666-8697 to the host: one client path per member. */
    private static final int FIRST_CLIENT_PATH_PORT = 8666;

    private static final int LAST_CLIENT_PATH_PORT = 8697;
    /** Peer paths listen from here on, inside the run's network only. */
    private static final int FIRST_PEER_PATH_PORT = 8700;

    private final Path runDir;
    private final RunLabels labels;
    private List<String> azs = List.of("az1", "az2", "az3");
    private int membersPerAz = 1;
    private boolean peerLinksThroughFaultProxy;
    private PowerOffMode powerOff = PowerOffMode.SIGKILL;
    private long seed;
    private boolean faultFilesystem;
    /** Each member's fault filesystem when a power-off loses unsynced writes or disk faults need one. */
    private FaultFileSystems disks;

    private ToxiproxyClient faultProxyClient;
    private Client adminClient;
    /** Each member's peer URL, as its {@code --initial-cluster} names it (direct, or a fault-proxy path). */
    private final Map<String, String> peerUrls = new LinkedHashMap<>();
    /** Each member's peer-path port on the fault proxy; empty when peer links are direct. */
    private final Map<String, Integer> peerPathPorts = new LinkedHashMap<>();

    private final PowerControl power =
            new PowerControl(DockerClientFactory.instance().client());
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, EtcdContainer> containers = new LinkedHashMap<>();
    private final Map<String, Member> members = new LinkedHashMap<>();
    /** Member names by etcd's member id, as each member told it in a status: alarms name members by id. */
    private final Map<Long, String> namesById = new ConcurrentHashMap<>();

    private RunContainers run;
    private ContainerLogFiles logFiles;

    /** @param runDir where the members' data directories ({@code data/}) and log files go */
    public EtcdCluster(Path runDir, RunLabels labels) {
        this.runDir = runDir;
        this.labels = labels;
    }

    public EtcdCluster withAzs(List<String> azs) {
        this.azs = List.copyOf(azs);
        return this;
    }

    public EtcdCluster withMembersPerAz(int count) {
        this.membersPerAz = count;
        return this;
    }

    /**
     * Every member advertises a fault-proxy path ({@link #peerPathName}) as its peer URL, so link faults reach
     * replication traffic too; off by default (one more hop on every Raft message).
     */
    public EtcdCluster withPeerLinksThroughFaultProxy() {
        this.peerLinksThroughFaultProxy = true;
        return this;
    }

    /**
     * What a power-off does to a member: with a power loss ({@link PowerOffMode#losesUnsyncedWrites}) each member's
     * data directory is a fault filesystem, and a power-off drops what the member had not synced, its torn writes
     * drawn from {@code seed}; SIGKILL by default (the host's page cache keeps everything).
     */
    public EtcdCluster withPowerOff(PowerOffMode mode, long seed) {
        this.powerOff = mode;
        this.seed = seed;
        return this;
    }

    /** Each member's data directory is a fault filesystem even without power losses: disk faults need one. */
    public EtcdCluster withFaultFilesystem(boolean mounted) {
        this.faultFilesystem = mounted;
        return this;
    }

    public static String memberName(String az, int ordinal) {
        return az + "-etcd-" + ordinal;
    }

    /**
     * Starts the fault proxy and its paths, then every member together (each waits for a quorum of the others),
     * and returns once all serve clients. If a part fails to start, what did start is removed before the error
     * is thrown (the caller's try-with-resources never got the cluster to close).
     */
    public EtcdCluster start() {
        try {
            startContainers();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info(
                "etcd up: {}, peer links {}",
                members.keySet(),
                peerLinksThroughFaultProxy ? "through the fault proxy" : "direct");
        return this;
    }

    private void startContainers() {
        new StaleResourceSweeper(DockerClientFactory.instance().client()).sweep();
        Map<String, String> azOf = new LinkedHashMap<>();
        for (String az : azs) {
            for (int i = 1; i <= membersPerAz; i++) {
                azOf.put(memberName(az, i), az);
            }
        }
        if (azOf.size() > LAST_CLIENT_PATH_PORT - FIRST_CLIENT_PATH_PORT + 1) {
            throw new IllegalArgumentException(azOf.size() + " members, more than the fault proxy has client ports");
        }
        List<String> runMembers = new ArrayList<>(azOf.keySet());
        runMembers.add(FAULT_PROXY);
        run = new RunContainers(labels, runMembers);
        logFiles = new ContainerLogFiles(name -> runDir.resolve(name + ".log"), labels.runId());

        // First, so that the peer paths exist when the members start dialling each other.
        ToxiproxyContainer proxy = new ToxiproxyContainer(StoreCluster.FAULT_PROXY_IMAGE)
                .withLogConsumer(logFiles.consumerFor(FAULT_PROXY));
        run.add(proxy, FAULT_PROXY);
        proxy.start();
        faultProxyClient = new ToxiproxyClient(proxy.getHost(), proxy.getControlPort());
        Map<String, URI> canaryUrls = new LinkedHashMap<>();
        int next = 0;
        for (String member : azOf.keySet()) {
            int clientPathPort = FIRST_CLIENT_PATH_PORT + next;
            createPath(clientPathName(member), clientPathPort, member + ":" + EtcdContainer.CLIENT_PORT);
            canaryUrls.put(member, URI.create("http://" + proxy.getHost() + ":" + proxy.getMappedPort(clientPathPort)));
            if (peerLinksThroughFaultProxy) {
                int peerPathPort = FIRST_PEER_PATH_PORT + next;
                createPath(peerPathName(member), peerPathPort, member + ":" + EtcdContainer.PEER_PORT);
                peerPathPorts.put(member, peerPathPort);
                peerUrls.put(member, "http://" + FAULT_PROXY + ":" + peerPathPort);
            } else {
                peerUrls.put(member, EtcdContainer.directPeerUrl(member));
            }
            next++;
        }

        disks = new FaultFileSystems(dataRoot(), powerOff, seed);
        boolean mounted = faultFilesystem || powerOff.losesUnsyncedWrites();
        if (mounted) {
            FaultFileSystems.requireAvailable();
        }
        for (String name : azOf.keySet()) {
            Path dir = createDataDir(name);
            if (mounted) {
                disks.mount(name, dir);
                ownerOnly(dir); // the mount now shows its disk's root, not the folder createDataDir restricted
            }
        }
        azOf.forEach((name, az) -> {
            EtcdContainer container = new EtcdContainer(name)
                    .withInitialCluster(peerUrls)
                    .withClusterToken(labels.runId())
                    .withAz(az)
                    .withDataDirOnHost(hostDataDir(name))
                    .withLogConsumer(logFiles.consumerFor(name));
            containers.put(name, run.add(container, name, EtcdContainer.CLIENT_PORT));
        });
        Startables.deepStart(containers.values()).join();
        azOf.forEach((name, az) -> {
            EtcdContainer container = containers.get(name);
            members.put(
                    name,
                    new Member(
                            name,
                            az,
                            container.getContainerId(),
                            URI.create("http://" + container.getHost() + ":"
                                    + container.getMappedPort(EtcdContainer.CLIENT_PORT)),
                            canaryUrls.get(name)));
        });
    }

    /** The peer URL the cluster knows {@code member} by: what a replaced member is added again with. */
    public String peerUrl(String member) {
        member(member);
        return peerUrls.get(member);
    }

    /**
     * A jetcd client of {@code member}'s own client port only (one attempt per call), for an operator's requests
     * that must go to a member known to serve (member remove and add, alarm disarm); the caller closes it.
     */
    public Client clientOf(String member, Duration callTimeout) {
        return EtcdCanaryClient.newEtcdClient(List.of(member(member).clientUrl()), callTimeout);
    }

    /** The run's directory on the host (the members' logs, {@code data/}). */
    public Path runDir() {
        return runDir;
    }

    /** The fault-proxy path canaries reach {@code member}'s client port through. */
    public static String clientPathName(String member) {
        return "canary-to-" + member;
    }

    /** The fault-proxy path that carries every peer connection into {@code member} (with peer links through it). */
    public static String peerPathName(String member) {
        return "peer-to-" + member;
    }

    /**
     * The fault-proxy path of {@code member} that a link fault's {@code paths} means: {@code clients}, the canaries'
     * path to it ({@link #clientPathName}); {@code into-node}, the one every peer connection into it takes
     * ({@link #peerPathName}), which exists only with peer links through the fault proxy.
     */
    public String linkPath(LinkSpec.Paths paths, String member) {
        member(member);
        return switch (paths) {
            case CLIENTS -> clientPathName(member);
            case INTO_NODE -> {
                if (!peerLinksThroughFaultProxy) {
                    throw new IllegalArgumentException("link paths: into-node needs cluster.nodeLinks: "
                            + ClusterShape.THROUGH_FAULT_PROXY + "; this cluster's peer links are direct");
                }
                yield peerPathName(member);
            }
        };
    }

    /**
     * How partitions between members (and {@link Cluster#CLIENTS}, the canaries' side of the fault proxy) become
     * iptables rules in the members, as for the store's nodes: members take the storage nodes' place, their
     * client port the routers'; with peer links through the proxy a block is enforced at the sender.
     */
    public PartitionRules partitionRules() {
        Map<String, String> addresses = new LinkedHashMap<>();
        members.keySet().forEach(member -> addresses.put(member, address(member)));
        addresses.put(Cluster.CLIENTS, address(FAULT_PROXY));
        return new PartitionRules(addresses, members.keySet(), Set.of(), EtcdContainer.CLIENT_PORT, peerPathPorts);
    }

    /** The fault proxy's API, for link faults (latency, resets, a path down) on the paths above. */
    public ToxiproxyClient faultProxyClient() {
        return faultProxyClient;
    }

    /** The names of the members other than {@code leader}, in member order. */
    public List<String> followersOf(String leader) {
        return members().stream()
                .map(Member::name)
                .filter(m -> !m.equals(leader))
                .toList();
    }

    public List<Member> members() {
        return List.copyOf(members.values());
    }

    public Member member(String name) {
        Member member = members.get(name);
        if (member == null) {
            throw new IllegalArgumentException(
                    "no etcd member " + name + " in this cluster; members: " + members.keySet());
        }
        return member;
    }

    /** The host folder under which every member's data directory is. */
    public Path dataRoot() {
        return runDir.resolve("data");
    }

    /** The host folder bind-mounted as the member's data directory. */
    public Path hostDataDir(String member) {
        return dataRoot().resolve(member);
    }

    /** The fault filesystem under the member's data directory, for disk fault rules; empty with SIGKILL. */
    public Optional<FaultFs> faultFs(String member) {
        member(member);
        return disks == null ? Optional.empty() : disks.of(member);
    }

    /** The member's fixed address on the run's network (for partitions). */
    public String address(String member) {
        return run.address(member);
    }

    /**
     * Cuts the member's power: SIGKILL, no shutdown, no flush; with a power loss ({@link #withPowerOff}) its disk
     * then drops what it had not synced. Returns what the power-off did, per file, for nemesis.log and results.json.
     */
    public List<String> powerOff(String member) {
        return powerOff(List.of(member));
    }

    /**
     * Cuts several members' power at one instant (an AZ, the whole cluster): their disks stop syncing at once, before
     * the first SIGKILL, so a member killed last cannot sync what the others lost.
     */
    public List<String> powerOff(List<String> members) {
        return disks.powerOff(
                members, ids -> ids.forEach(m -> power.powerOff(member(m).containerId())), this::isRunning);
    }

    /** Starts the same container again: same address, same host port, same data directory. */
    public void powerOn(String member) {
        Instant startedAt = Instant.now();
        power.powerOn(member(member).containerId());
        logFiles.followAgain(
                DockerClientFactory.instance().client(), member(member).containerId(), member, startedAt);
    }

    /** SIGSTOP: the process is frozen mid-flight, its sockets stay open. */
    public void pause(String member) {
        power.pause(member(member).containerId());
    }

    public void resume(String member) {
        power.resume(member(member).containerId());
    }

    /**
     * Whether the member's container was started at or after {@code since}, whether or not it still runs: etcd exits
     * within a second of a start from files it cannot read, which a poll for "running" can miss.
     */
    public boolean startedSince(String member, Instant since) {
        String startedAt = DockerClientFactory.instance()
                .client()
                .inspectContainerCmd(member(member).containerId())
                .exec()
                .getState()
                .getStartedAt();
        return startedAt != null && !Instant.parse(startedAt).isBefore(since.minusSeconds(1));
    }

    public boolean isRunning(String member) {
        return power.isRunning(member(member).containerId());
    }

    public boolean isPaused(String member) {
        return power.isStopped(member(member).containerId());
    }

    @Override
    public List<String> partitionableMembers() {
        return List.copyOf(members.keySet());
    }

    @Override
    public boolean isMemberRunning(String member) {
        return isRunning(member);
    }

    @Override
    public ExecResult exec(String member, List<String> command) {
        return exec(member, command.toArray(String[]::new));
    }

    /** Runs {@code command} inside the member's container (iptables, etcdctl) and waits for it. */
    public ExecResult exec(String member, String... command) {
        try {
            return containers.get(member(member).name()).execInContainer(command);
        } catch (IOException e) {
            throw new UncheckedIOException("in " + member + ": '" + String.join(" ", command) + "' failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running '" + String.join(" ", command) + "' in " + member, e);
        }
    }

    /**
     * What a member says of itself ({@code Status} through etcd's JSON gateway), or empty if it does not answer
     * within two seconds (powered off, paused, partitioned from the host).
     */
    public Optional<MemberStatus> status(String member) {
        if (!isRunning(member) || isPaused(member)) {
            return Optional.empty();
        }
        HttpRequest request = HttpRequest.newBuilder(member(member).clientUrl().resolve("/v3/maintenance/status"))
                .timeout(Duration.ofSeconds(2))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            MemberStatus status = MemberStatus.parse(member, JSON.readTree(response.body()));
            namesById.put(status.memberId(), member);
            return Optional.of(status);
        } catch (IOException unreachable) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * etcd's active alarms ({@code POST /v3/maintenance/alarm}, action GET, through the first member that answers), as
     * "CORRUPT on az2-etcd-1": etcd raises CORRUPT when its corruption check finds a member's HashKV off the leader's,
     * and NOSPACE when a member's backend is full. Empty when no member answers.
     */
    public List<String> alarms() {
        for (Member member : members.values()) {
            if (!isRunning(member.name()) || isPaused(member.name())) {
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(member.clientUrl().resolve("/v3/maintenance/alarm"))
                    .timeout(Duration.ofSeconds(2))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"GET\"}"))
                    .build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    continue;
                }
                List<String> alarms = new ArrayList<>();
                for (var alarm : JSON.readTree(response.body()).path("alarms")) {
                    long id = Long.parseUnsignedLong(alarm.path("memberID").asText("0"));
                    alarms.add(alarm.path("alarm").asText("?") + " on "
                            + namesById.getOrDefault(id, "member " + Long.toHexString(id)));
                }
                return alarms;
            } catch (IOException | RuntimeException unanswered) {
                // the next member
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    /**
     * The last lines of the member's log file that say why etcd ended by itself: zap's fatal or panic entries, shortened
     * to their level, message and error ("fatal: failed to unmarshal mvccpb.KeyValue: proto: ..."), and Go's
     * {@code panic:} lines.
     */
    public List<String> fatalLogLines(String member) {
        Path file = runDir.resolve(member + ".log");
        try (var lines = Files.lines(file)) {
            List<String> fatal = lines.filter(l -> l.contains("\"level\":\"fatal\"")
                            || l.contains("\"level\":\"panic\"")
                            || l.startsWith("panic:"))
                    .map(EtcdCluster::shortened)
                    .toList();
            return fatal.subList(Math.max(0, fatal.size() - 2), fatal.size());
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private static String shortened(String line) {
        if (!line.startsWith("{")) {
            return line;
        }
        try {
            var entry = JSON.readTree(line);
            return entry.path("level").asText() + ": " + entry.path("msg").asText()
                    + (entry.has("error") ? ": " + entry.path("error").asText() : "") + " ("
                    + entry.path("caller").asText() + ")";
        } catch (IOException notJson) {
            return line;
        }
    }

    /**
     * The member that leads now: of the members that answer and believe they lead, the one with the highest term
     * (a leader cut off from the others may not know yet that a newer term has another).
     */
    public Optional<String> leader() {
        MemberStatus best = null;
        for (String member : members.keySet()) {
            Optional<MemberStatus> status = status(member);
            if (status.isPresent()
                    && status.get().leads()
                    && (best == null || status.get().raftTerm() > best.raftTerm())) {
                best = status.get();
            }
        }
        return Optional.ofNullable(best).map(MemberStatus::member);
    }

    /** Waits until some member leads, other than {@code notThis} (a leader just powered off) if given. */
    public String awaitLeader(Duration timeout, String... notThis) {
        List<String> excluded = List.of(notThis);
        return Awaitility.await("an etcd leader other than " + excluded)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> leader().filter(l -> !excluded.contains(l)).orElse(null), l -> l != null);
    }

    /**
     * The member's {@code HashKV} at {@code revision}: a checksum of its key-value history up to that revision.
     * Members that applied the same log agree on it, so comparing them at a revision all have reached is a scrub
     * across replicas. Through the member's own client port (not the fault proxy), one attempt.
     */
    public int hashKv(String member, long revision) {
        try {
            HashKVResponse response = adminClient()
                    .getMaintenanceClient()
                    .hashKV(member(member).clientUrl().toString(), revision)
                    .get(10, TimeUnit.SECONDS);
            if (response.getCompacted() > revision) {
                throw new IllegalStateException(
                        member + " compacted past revision " + revision + ": no hash to compare");
            }
            return response.getHash();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no HashKV from " + member + " at revision " + revision, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted asking " + member + " for its HashKV", e);
        }
    }

    /** A jetcd client for the harness's own calls (maintenance), made on first use. */
    private synchronized Client adminClient() {
        if (adminClient == null) {
            adminClient = EtcdCanaryClient.newEtcdClient(
                    members.values().stream().map(Member::clientUrl).toList(), Duration.ofSeconds(10));
        }
        return adminClient;
    }

    @Override
    public void close() {
        try {
            synchronized (this) {
                if (adminClient != null) {
                    adminClient.close();
                }
            }
            if (run != null) {
                run.close();
            }
        } finally {
            try {
                if (logFiles != null) {
                    logFiles.close();
                }
            } finally {
                // After the containers: nothing uses the mounts any more.
                if (disks != null) {
                    disks.close();
                }
            }
        }
    }

    /**
     * Paths listen on the fault proxy's own address, not the wildcard, as the store's do: a path enabled again
     * after a {@code down} would otherwise bind IPv6's wildcard, which the proxy's IPv4-only container refuses.
     */
    private void createPath(String name, int port, String upstream) {
        try {
            faultProxyClient.createProxy(name, run.address(FAULT_PROXY) + ":" + port, upstream);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create fault-proxy path " + name, e);
        }
    }

    /**
     * Moves the member's data directory to {@code keptAt} (etcd's runbook backs it up before wiping it; the run keeps
     * it for inspection) and puts an empty one in its place, with {@link EtcdContainer#JOIN_EXISTING_MARKER}: the
     * member's next start joins the running cluster and is copied from it. The member must be off.
     */
    public void emptyDataDirToJoin(String member, Path keptAt) {
        if (isRunning(member)) {
            throw new IllegalStateException(member + " runs: its data directory is emptied only while it is off");
        }
        try {
            Files.createDirectories(keptAt.getParent());
            if (disks.of(member).isPresent()) {
                disks.emptyDisk(member, keptAt);
                ownerOnly(hostDataDir(member));
            } else {
                Files.move(hostDataDir(member), keptAt);
                createDataDir(member);
            }
            writeSynced(hostDataDir(member).resolve(EtcdContainer.JOIN_EXISTING_MARKER), "existing\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the data directory of " + member, e);
        }
    }

    private Path createDataDir(String member) {
        try {
            return ownerOnly(Files.createDirectories(hostDataDir(member)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory of " + member, e);
        }
    }

    /** Owner only, as etcd recommends for its data directory (it warns about anything wider on every start). */
    private static Path ownerOnly(Path dir) {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + dir + " its owner's only", e);
        }
    }

    /** Writes a file and syncs it and its folder: on a fault filesystem, a later power loss keeps it. */
    private static void writeSynced(Path file, String text) throws IOException {
        try (var channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        try (var dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
