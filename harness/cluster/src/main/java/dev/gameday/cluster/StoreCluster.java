package dev.gameday.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Capability;
import dev.gameday.experiment.ClusterShape;
import dev.gameday.faultfs.FaultFs;
import dev.gameday.nemesis.Cluster;
import dev.gameday.run.RunDirectory;
import dev.gameday.store.api.admin.AdminClient;
import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.config.ArchiveConfig;
import dev.gameday.store.api.config.ClusterConfig;
import dev.gameday.store.api.config.NodeConfig;
import dev.gameday.store.api.config.RaftTimings;
import dev.gameday.store.api.config.ReplicationGroups;
import dev.gameday.store.api.config.RouterConfig;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.toxiproxy.ToxiproxyContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The store under test as containers on one network of its own: the S3-compatible archive store,
 * storage nodes labelled by AZ, request routers, and the fault proxy that every client path goes
 * through. Data directories are host folders under the run directory, so the harness can corrupt
 * files from outside. {@link #close()} removes every container and the network.
 *
 * <p>Storage nodes and routers may change their own packet filters (NET_ADMIN) so that partitions
 * can be cut inside them. With {@code nodeLinks: through-fault-proxy} every connection into a
 * storage node, from its peers and the routers, goes through a fault-proxy path of its own
 * ({@link #nodePathName}): the node advertises that path as its Raft address and still listens on
 * {@link #RAFT_PORT}.
 */
public final class StoreCluster implements AutoCloseable, IptablesPartitions.Members {
    /** Extra JVM options for the store's processes, from the harness's environment. */
    private static final String EXTRA_JVM_OPTIONS_ENV = "GAMEDAY_STORE_JVM_OPTIONS";

    private static final Logger log = LoggerFactory.getLogger(StoreCluster.class);

    public static final DockerImageName STORE_IMAGE = DockerImageName.parse("gameday/store-server:dev");
    /** Built into the store image by its Dockerfile, from a training cluster's class lists. */
    static final String CLASS_DATA_SHARING_ARCHIVE = "/opt/store/store.jsa";

    public static final DockerImageName FAULT_PROXY_IMAGE =
            DockerImageName.parse("gameday/fault-proxy:dev").asCompatibleSubstituteFor("shopify/toxiproxy");

    static final int RAFT_PORT = 6000;
    static final int ADMIN_PORT = 7000;
    static final int ROUTER_PORT = 8000;
    static final int ARCHIVE_PORT = 9000;
    /** Toxiproxy's container exposes 8666-8697 for proxies: one per router path. */
    static final int FIRST_PROXY_PORT = 8666;

    static final int LAST_PROXY_PORT = 8697;
    /** Paths into storage nodes listen from here on, inside the run's network only (not mapped to the host). */
    static final int FIRST_NODE_PATH_PORT = 8700;

    static final String CONFIG_IN_CONTAINER = "/etc/gameday/cluster.json";
    static final String REGION = "us-east-1";
    static final String ARCHIVE = "archive";
    static final String FAULT_PROXY = "fault-proxy";
    static final String ACCESS_KEY = "gameday-canary";
    /**
     * Routers answer a request stuck on a dead leader before the canary's 5 s call timeout, and have
     * threads to spare meanwhile: otherwise calls to one unavailable group hold every router thread
     * and take the healthy groups down with them.
     */
    static final RaftTimings RAFT_TIMINGS = new RaftTimings(1500, 3000, 4000);

    static final int ROUTER_THREADS = 64;

    /**
     * Run before the image's own entrypoint in storage node and router containers: a rule that
     * uses conntrack, so the kernel tracks every connection from its first packet. Without it,
     * connections opened before the first partition are picked up mid-stream and one-way rules
     * ({@code --ctdir ORIGINAL}) can take a reply for an original packet. INVALID packets belong to
     * no connection, so dropping them changes nothing for the store.
     */
    private static final String TRACK_CONNECTIONS_THEN_RUN =
            "iptables -A INPUT -m conntrack --ctstate INVALID -j DROP && exec \"$@\"";

    /** A storage node of the run and how the harness reaches its admin endpoint. */
    public record Node(String id, String az, String containerId, URI admin) {}

    /** A public endpoint: the router, and the fault-proxy path canaries use to reach it. */
    public record RouterEndpoint(String id, String az, String proxyName, URI throughProxy, URI admin) {}

    private final StoreClusterSpec spec;
    private final RunDirectory runDirectory;
    private final RunContainers containers;
    private final ContainerLogFiles logFiles;
    private final String secretKey = randomSecret();
    private final PowerControl power =
            new PowerControl(DockerClientFactory.instance().client());
    private final AdminClient adminClient = new AdminClient(Duration.ofSeconds(5));
    private final Map<String, GenericContainer<?>> nodeContainers = new LinkedHashMap<>();
    private final Map<String, GenericContainer<?>> routerContainers = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<RouterEndpoint> routers = new ArrayList<>();
    private ToxiproxyContainer faultProxy;
    private boolean classDataSharing = true;
    private ToxiproxyClient faultProxyClient;
    /** Each storage node's fault-proxy port when node links go through the proxy; empty when direct. */
    private final Map<String, Integer> nodePathPorts = new LinkedHashMap<>();

    private final ClusterConfig config;
    /** Each storage node's fault filesystem, mounted on its data directory (none with {@link PowerOffMode#SIGKILL}). */
    private final FaultFileSystems disks;

    private final FakeTimeClocks clocks;

    public StoreCluster(StoreClusterSpec spec, RunDirectory runDirectory, RunLabels labels) {
        spec.bugs().checkAllowed(System.getenv());
        this.spec = spec;
        this.runDirectory = runDirectory;
        new StaleResourceSweeper(DockerClientFactory.instance().client()).sweep();
        this.config = clusterConfig();
        this.clocks = new FakeTimeClocks(runDirectory.dir().resolve("clocks"), spec.movableClocks());
        this.disks = new FaultFileSystems(dataRoot(), spec.powerOff(), spec.seed());
        List<String> members = new ArrayList<>();
        members.add(ARCHIVE);
        config.nodes().forEach(n -> members.add(n.id()));
        config.routers().forEach(r -> members.add(r.id()));
        members.add(FAULT_PROXY);
        this.containers = new RunContainers(labels, members);
        this.logFiles = new ContainerLogFiles(runDirectory::containerLog, labels.runId());
    }

    /** Boots every process and returns once every replication group has a leader. */
    public StoreCluster start(Duration timeout) {
        startProcesses();
        awaitLeaders(timeout);
        log.info(
                "cluster up: {} nodes, {} routers, {} replication groups",
                nodes.size(),
                routers.size(),
                config.replicationGroups());
        return this;
    }

    /**
     * Whether the store's JVMs map the classes of the image's class-data-sharing archive (the default) instead of
     * loading them from the jar; off only to measure what the archive saves ({@code gameday boot-benchmark}).
     */
    public StoreCluster withClassDataSharing(boolean on) {
        this.classDataSharing = on;
        return this;
    }

    /** Starts every container and returns once each answers its health check; groups may not have leaders yet. */
    public void startProcesses() {
        Path configFile = runDirectory.dir().resolve("cluster.json");
        config.save(configFile);

        // First, so that the paths into storage nodes exist when the nodes start dialling each other.
        faultProxy = new ToxiproxyContainer(FAULT_PROXY_IMAGE).withLogConsumer(logFiles.consumerFor(FAULT_PROXY));
        containers.add(faultProxy, FAULT_PROXY);
        faultProxy.start();
        faultProxyClient = new ToxiproxyClient(faultProxy.getHost(), faultProxy.getControlPort());
        nodePathPorts.forEach((node, port) -> createProxy(
                nodePathName(node), proxyListen(port), config.node(node).host() + ":" + RAFT_PORT));

        mountFaultFileSystems();

        GenericContainer<?> archive = storeProcess(
                        "archive", "archive-store", configFile, "--config", CONFIG_IN_CONTAINER)
                .withFileSystemBind(
                        hostDataDir("archive").toString(),
                        config.archive().dataDir().toString(),
                        BindMode.READ_WRITE);
        containers.add(archive, ARCHIVE, ADMIN_PORT);

        // Archive, nodes and routers start together: archivers retry until the archive answers, routers
        // reach the nodes only when a request comes, and on two cores JVMs that start side by side boot
        // the cluster seconds sooner than one after the other.
        List<GenericContainer<?>> processes = new ArrayList<>(List.of(archive));
        for (NodeConfig node : config.nodes()) {
            GenericContainer<?> container =
                    storeProcess(node.id(), "node", configFile, "--config", CONFIG_IN_CONTAINER, "--id", node.id());
            withPacketFilter(container)
                    .withFileSystemBind(
                            hostDataDir(node.id()).toString(), node.dataDir().toString(), BindMode.READ_WRITE)
                    .withLabel("dev.gameday.az", node.az());
            if (spec.movableClocks() != null) {
                clocks.prepare(node.id(), container);
            }
            containers.add(container, node.id(), ADMIN_PORT);
            nodeContainers.put(node.id(), container);
            processes.add(container);
        }
        for (RouterConfig router : config.routers()) {
            GenericContainer<?> container = storeProcess(
                    router.id(), "router", configFile, "--config", CONFIG_IN_CONTAINER, "--id", router.id());
            withPacketFilter(container).withLabel("dev.gameday.az", router.az());
            containers.add(container, router.id(), ADMIN_PORT);
            routerContainers.put(router.id(), container);
            processes.add(container);
        }
        Startables.deepStart(processes).join();

        for (NodeConfig node : config.nodes()) {
            GenericContainer<?> container = nodeContainers.get(node.id());
            nodes.add(new Node(node.id(), node.az(), container.getContainerId(), adminUri(container)));
        }
        int proxyPort = FIRST_PROXY_PORT;
        for (RouterConfig router : config.routers()) {
            if (proxyPort > LAST_PROXY_PORT) {
                throw new IllegalStateException("more router paths than the fault proxy's "
                        + (LAST_PROXY_PORT - FIRST_PROXY_PORT + 1) + " ports");
            }
            String proxyName = "canary-to-" + router.id();
            createProxy(proxyName, proxyListen(proxyPort), router.host() + ":" + router.port());
            URI through = URI.create("http://" + faultProxy.getHost() + ":" + faultProxy.getMappedPort(proxyPort));
            routers.add(new RouterEndpoint(
                    router.id(), router.az(), proxyName, through, adminUri(routerContainers.get(router.id()))));
            proxyPort++;
        }
    }

    public StoreClusterSpec spec() {
        return spec;
    }

    /** The configuration every process of the cluster reads. */
    ClusterConfig config() {
        return config;
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public List<RouterEndpoint> routers() {
        return List.copyOf(routers);
    }

    public String region() {
        return REGION;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return secretKey;
    }

    public AdminClient admin() {
        return adminClient;
    }

    /** The replication groups that hold items ({@code data-0}, ...). */
    public List<String> dataGroups() {
        return new ReplicationGroups(config).dataGroupNames();
    }

    /** The folder of a replication group in a node's Ratis storage: named after its group id. */
    public String groupDirectory(String group) {
        return ReplicationGroups.groupId(group).toString();
    }

    /** Where the archive keeps a group's segment objects on the host (its object store's files). */
    public Path archivedSegments(String group) {
        return hostDataDir(ARCHIVE)
                .resolve(config.archive().bucket())
                .resolve("groups")
                .resolve(group)
                .resolve("segments");
    }

    /** The host directory under which every member keeps its data ({@code data/} of the run directory). */
    public Path dataRoot() {
        return runDirectory.dir().resolve("data");
    }

    public Path hostDataDir(String nodeId) {
        return dataRoot().resolve(nodeId);
    }

    public Node node(String id) {
        return nodes.stream()
                .filter(n -> n.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in this cluster; nodes: "
                        + nodes.stream().map(Node::id).toList()));
    }

    /**
     * Cuts the node's power: SIGKILL, and in a power-loss mode, once the process is gone, a power
     * loss on its fault filesystem (unsynced writes dropped, with a torn last write per file). Returns what the
     * power loss dropped, one line per node and per file (empty with {@link PowerOffMode#SIGKILL}).
     */
    public List<String> powerOff(String nodeId) {
        return powerOff(List.of(nodeId));
    }

    /**
     * Cuts the power of several nodes at the same instant, as when an AZ or the whole cluster loses power. In a
     * power-loss mode every node's fault filesystem is cut first, in one loop: from then on none of them completes a
     * sync, and their processes stop at their next disk request, however long Docker then takes to kill them (on a
     * loaded 2-core machine the kills of three nodes, sent at once, landed up to hundreds of milliseconds apart,
     * and a node killed last had synced what the others lost, so a store that acknowledges before its fsync lost
     * nothing). Then every SIGKILL is sent before any node is waited for, and per node, once its process is gone,
     * what it had not synced by the cut is dropped as in {@link #powerOff(String)}.
     */
    public List<String> powerOff(List<String> nodeIds) {
        return disks.powerOff(
                nodeIds, ids -> inParallel(ids, id -> power.powerOff(node(id).containerId())), this::isRunning);
    }

    /**
     * Runs {@code action} for every node at once, one thread each (Docker calls wait for the daemon, which serves
     * them concurrently); returns when all are done and rethrows the first failure.
     */
    private static void inParallel(List<String> nodeIds, Consumer<String> action) {
        if (nodeIds.size() == 1) {
            action.accept(nodeIds.get(0));
            return;
        }
        ExecutorService threads = Executors.newFixedThreadPool(nodeIds.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String nodeId : nodeIds) {
                done.add(threads.submit(() -> action.accept(nodeId)));
            }
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while acting on " + nodeIds, e);
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** The fault filesystem under a storage node's data directory, for disk fault rules; empty in sigkill mode. */
    public Optional<FaultFs> faultFs(String nodeId) {
        return disks.of(nodeId);
    }

    /**
     * With {@link PowerOffMode#POWER_LOSS} or disk faults, mounts a fault filesystem on each storage node's data
     * directory (not the archive's, not routers'), before the containers bind it.
     */
    private void mountFaultFileSystems() {
        if (!spec.mountsFaultFilesystems()) {
            return;
        }
        FaultFileSystems.requireAvailable();
        for (NodeConfig node : config.nodes()) {
            disks.mount(node.id(), hostDataDir(node.id()));
        }
    }

    public void powerOn(String nodeId) {
        Instant startedAt = Instant.now();
        power.powerOn(node(nodeId).containerId());
        logFiles.followAgain(
                DockerClientFactory.instance().client(), node(nodeId).containerId(), nodeId, startedAt);
    }

    /** Powers several nodes on at once, as power coming back to an AZ does (the starts overlap, not queue). */
    public void powerOn(List<String> nodeIds) {
        inParallel(nodeIds, this::powerOn);
    }

    public void pause(String nodeId) {
        power.pause(node(nodeId).containerId());
    }

    public void resume(String nodeId) {
        power.resume(node(nodeId).containerId());
    }

    public boolean isRunning(String nodeId) {
        return power.isRunning(node(nodeId).containerId());
    }

    /** Storage nodes and routers: the members a partition may cut. */
    @Override
    public List<String> partitionableMembers() {
        List<String> members = new ArrayList<>(nodeContainers.keySet());
        members.addAll(routerContainers.keySet());
        return members;
    }

    /** Whether a storage node's or router's container is running (a paused one is). */
    @Override
    public boolean isMemberRunning(String member) {
        return power.isRunning(memberContainer(member).getContainerId());
    }

    /** Runs {@code command} inside a storage node's or router's container and waits for it. */
    @Override
    public ExecResult exec(String member, List<String> command) {
        try {
            return memberContainer(member).execInContainer(command.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "in container " + member + ": '" + String.join(" ", command) + "' failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running '" + String.join(" ", command) + "' in " + member, e);
        }
    }

    /** A member's fixed address on the run's network; {@code fault-proxy} is the clients' side. */
    public String address(String member) {
        return containers.address(member);
    }

    /** How this cluster's partitions become packet filter rules. */
    public PartitionRules partitionRules() {
        Map<String, String> addresses = new LinkedHashMap<>();
        partitionableMembers().forEach(m -> addresses.put(m, address(m)));
        addresses.put(Cluster.CLIENTS, address(FAULT_PROXY));
        return new PartitionRules(
                addresses, nodeContainers.keySet(), routerContainers.keySet(), ROUTER_PORT, nodePathPorts);
    }

    public ToxiproxyClient faultProxyClient() {
        return faultProxyClient;
    }

    /** Each storage node's fault-proxy port when node links go through the proxy; empty when direct. */
    public Map<String, Integer> nodePathPorts() {
        return Map.copyOf(nodePathPorts);
    }

    /** The fault-proxy path that carries every connection into {@code node} (through-fault-proxy links). */
    public static String nodePathName(String node) {
        return "raft-to-" + node;
    }

    private GenericContainer<?> memberContainer(String member) {
        GenericContainer<?> container =
                nodeContainers.containsKey(member) ? nodeContainers.get(member) : routerContainers.get(member);
        if (container == null) {
            throw new IllegalArgumentException(
                    "no storage node or router " + member + " in this cluster; members: " + partitionableMembers());
        }
        return container;
    }

    /** The storage nodes' clocks, movable when the spec says which ({@link StoreClusterSpec#movableClocks}). */
    public FakeTimeClocks clocks() {
        return clocks;
    }

    public boolean isStopped(String nodeId) {
        return power.isStopped(node(nodeId).containerId());
    }

    /**
     * The node that leads the replication group holding {@code table}'s partition, from the partition
     * map a router serves ({@code GET /routes?table=}) and the leaders the nodes report.
     */
    public String leaderOf(String table, int partition) {
        RuntimeException last = null;
        for (RouterEndpoint router : routers) {
            try {
                JsonNode route = adminClient.get(router.admin() + "/routes?table=" + table);
                String group = ReplicationGroups.dataGroupName(
                        route.path("groupOfPartition").path(partition).asInt());
                String leader = leaders().get(group);
                if (leader == null) {
                    throw new IllegalStateException(
                            "group " + group + " of " + table + "/" + partition + " has no leader now");
                }
                return leader;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new IllegalStateException(
                "no router could tell the leader of " + table + " partition " + partition, last);
    }

    /** The groups one node reports through its admin endpoint ({@code GET /groups}). */
    public JsonNode groupsOf(String nodeId) {
        return adminClient.get(node(nodeId).admin() + "/groups");
    }

    /** Which node leads each replication group right now, as the running nodes report it. */
    public Map<String, String> leaders() {
        Map<String, String> leaders = new LinkedHashMap<>();
        for (Node node : nodes) {
            if (!isRunning(node.id())) {
                continue;
            }
            try {
                for (JsonNode group : groupsOf(node.id())) {
                    if (group.path("leader").asBoolean(false)) {
                        leaders.put(group.path("group").asText(), node.id());
                    }
                }
            } catch (UncheckedIOException unreachable) {
                // A node that does not answer leads nothing we can use.
            }
        }
        return leaders;
    }

    /** Waits until every replication group, the metadata group included, has a leader. */
    public void awaitLeaders(Duration timeout) {
        Set<String> groups = new ReplicationGroups(config).replicasByGroup().keySet();
        Awaitility.await("every replication group has a leader")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> leaders().keySet().containsAll(groups));
    }

    @Override
    public void close() {
        try {
            clocks.close();
            containers.close();
        } finally {
            try {
                logFiles.close();
            } finally {
                // After the containers: nothing uses the mounts any more.
                disks.close();
            }
        }
    }

    private ClusterConfig clusterConfig() {
        List<NodeConfig> nodeConfigs = new ArrayList<>();
        List<RouterConfig> routerConfigs = new ArrayList<>();
        ClusterShape shape = spec.shape();
        for (String az : shape.azs()) {
            for (int i = 1; i <= shape.storageNodesPerAz(); i++) {
                String id = ClusterShape.storageNodeName(az, i);
                String raftVia = null;
                if (shape.nodeLinksThroughFaultProxy()) {
                    int port = FIRST_NODE_PATH_PORT + nodePathPorts.size();
                    nodePathPorts.put(id, port);
                    raftVia = FAULT_PROXY + ":" + port;
                }
                nodeConfigs.add(new NodeConfig(id, az, id, RAFT_PORT, ADMIN_PORT, Path.of("/data", id), raftVia));
            }
            for (int i = 1; i <= shape.routersPerAz(); i++) {
                String id = ClusterShape.routerName(az, i);
                routerConfigs.add(new RouterConfig(id, az, id, ROUTER_PORT, ADMIN_PORT, ROUTER_THREADS));
            }
        }
        ArchiveConfig archive = new ArchiveConfig(
                ARCHIVE,
                ARCHIVE_PORT,
                ADMIN_PORT,
                Path.of("/data/archive"),
                "gameday-archive",
                "gameday-archiver",
                randomSecret(),
                256,
                1000);
        return new ClusterConfig(
                REGION,
                Map.of(ACCESS_KEY, secretKey),
                nodeConfigs,
                routerConfigs,
                archive,
                spec.replicationGroups(),
                shape.scrubEvery() == null ? 0L : shape.scrubEvery().toMillis(),
                RAFT_TIMINGS,
                spec.bugs());
    }

    /**
     * {@value #EXTRA_JVM_OPTIONS_ENV} from the harness's environment, appended to every store process's JVM options:
     * for looking inside a game day (e.g. {@code -Xlog:gc:stdout} puts each GC pause in the node logs).
     */
    private static String extraJvmOptions() {
        String extra = System.getenv(EXTRA_JVM_OPTIONS_ENV);
        return extra == null || extra.isBlank() ? "" : " " + extra.strip();
    }

    private GenericContainer<?> storeProcess(String name, String role, Path configFile, String... args) {
        List<String> command = new ArrayList<>();
        command.add(role);
        command.addAll(List.of(args));
        GenericContainer<?> container = new GenericContainer<>(STORE_IMAGE)
                .withCommand(command.toArray(String[]::new))
                .withFileSystemBind(configFile.toString(), CONFIG_IN_CONTAINER, BindMode.READ_ONLY)
                // Ten JVMs share two cores: small heaps and one GC thread each keep them from starving each other, and
                // C1 only (no C2 compiler threads): the cluster answers at full speed after seconds instead of a
                // minute of compiling, and the warm cluster was faster too (p50 15 ms against 50 ms at the same load).
                .withEnv(
                        "JAVA_TOOL_OPTIONS",
                        "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
                                + (classDataSharing ? " -XX:SharedArchiveFile=" + CLASS_DATA_SHARING_ARCHIVE : "")
                                + extraJvmOptions())
                .withLogConsumer(logFiles.consumerFor(name))
                .waitingFor(Wait.forHttp("/health")
                        .forPort(ADMIN_PORT)
                        .forStatusCode(200)
                        .withStartupTimeout(Duration.ofSeconds(120)));
        if (spec.bugs().any()) {
            // Consent was checked against this process's environment in the constructor; pass it on.
            container.withEnv(BugSwitches.ENV, BugSwitches.ENV_VALUE);
        }
        return container;
    }

    /**
     * Paths listen on the fault proxy's own address, not the wildcard: the proxy reports a wildcard
     * listener as {@code [::]}, and enabling a path again after a {@code down} then binds that IPv6
     * address, which its IPv4-only container refuses.
     */
    private String proxyListen(int port) {
        return containers.address(FAULT_PROXY) + ":" + port;
    }

    private void createProxy(String name, String listen, String upstream) {
        try {
            Proxy proxy = faultProxyClient.createProxy(name, listen, upstream);
            log.debug("fault-proxy path {}: {} -> {}", proxy.getName(), listen, upstream);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create fault-proxy path " + name, e);
        }
    }

    /**
     * Lets the container change its own packet filters (NET_ADMIN, not privileged) and starts it
     * through {@link #TRACK_CONNECTIONS_THEN_RUN}, followed by the image's own entrypoint.
     */
    private static GenericContainer<?> withPacketFilter(GenericContainer<?> container) {
        List<String> entrypoint =
                new ArrayList<>(List.of("sh", "-c", TRACK_CONNECTIONS_THEN_RUN, "gameday-entrypoint"));
        entrypoint.addAll(List.of(DockerClientFactory.instance()
                .client()
                .inspectImageCmd(STORE_IMAGE.asCanonicalNameString())
                .exec()
                .getConfig()
                .getEntrypoint()));
        return container.withCreateContainerCmdModifier(cmd -> {
            cmd.withEntrypoint(entrypoint);
            cmd.getHostConfig().withCapAdd(Capability.NET_ADMIN);
        });
    }

    private static URI adminUri(GenericContainer<?> container) {
        return URI.create("http://" + container.getHost() + ":" + container.getMappedPort(ADMIN_PORT));
    }

    private static String randomSecret() {
        byte[] bytes = new byte[20];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
