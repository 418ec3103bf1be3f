package dev.gameday.etcd;

import com.github.dockerjava.api.model.Capability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * One etcd member (Debian's etcd 3.4, image {@link #IMAGE}) configured like a Testcontainers module:
 * {@code new EtcdContainer("az1-etcd-1").withInitialCluster(peerUrls).withDataDirOnHost(dir)}. Peers are
 * named by member name (the run's network resolves every member's name to its fixed address), so a
 * member powered off and on again is found where it was.
 */
public final class EtcdContainer extends GenericContainer<EtcdContainer> {

    public static final DockerImageName IMAGE = DockerImageName.parse("gameday/etcd:dev");
    public static final int CLIENT_PORT = 2379;
    public static final int PEER_PORT = 2380;
    static final String DATA_DIR = "/var/lib/etcd";

    /**
     * A file that, in an empty data directory, makes the member's next start join the running cluster
     * ({@code --initial-cluster-state existing}) instead of founding it ({@code new}), as etcd's runbook starts a
     * replaced member. A container's command is fixed when it is created, and a new container would get another
     * host port and id, which the run's clients and records hold; so the start command reads this file (and removes
     * it: etcd warns about files of its own data directory it does not know). etcd reads the state only when its
     * data directory is empty: every later start finds its cluster there.
     */
    static final String JOIN_EXISTING_MARKER = "gameday-join-existing";

    /**
     * A rule that uses conntrack before etcd starts, as in the store's containers: the kernel then tracks
     * every connection from its first packet, which one-way partitions ({@code --ctdir ORIGINAL}) need. Then etcd,
     * founding the cluster, or joining it with {@link #JOIN_EXISTING_MARKER}.
     */
    private static final String TRACK_CONNECTIONS_THEN_RUN =
            "iptables -A INPUT -m conntrack --ctstate INVALID -j DROP && state=new && if [ -f " + DATA_DIR + "/"
                    + JOIN_EXISTING_MARKER + " ]; then state=existing && rm " + DATA_DIR + "/"
                    + JOIN_EXISTING_MARKER + "; fi"
                    + " && exec /usr/bin/etcd \"$@\" --initial-cluster-state \"$state\"";

    /** etcd's periodic corruption check, unless {@link #withCorruptCheckEvery} says otherwise. */
    static final Duration CORRUPT_CHECK_EVERY = Duration.ofSeconds(10);

    private final String memberName;
    /** Every member's peer URL by name, this one's included: what it advertises and dials. */
    private Map<String, String> initialCluster;

    private String clusterToken = "gameday";
    private Duration heartbeat = Duration.ofMillis(200);
    private Duration electionTimeout = Duration.ofMillis(2000);
    private Duration corruptCheckEvery = CORRUPT_CHECK_EVERY;

    public EtcdContainer(String memberName) {
        super(IMAGE);
        this.memberName = memberName;
        this.initialCluster = Map.of(memberName, directPeerUrl(memberName));
    }

    /**
     * etcd's {@code --initial-cluster}: every member's peer URL by name, this one's included. A member still
     * listens on {@link #PEER_PORT}; the URL may lead there through a fault-proxy path instead of directly.
     */
    public EtcdContainer withInitialCluster(Map<String, String> peerUrlByMember) {
        if (!peerUrlByMember.containsKey(memberName)) {
            throw new IllegalArgumentException(
                    memberName + " is not in its own initial cluster " + peerUrlByMember.keySet());
        }
        this.initialCluster = new LinkedHashMap<>(peerUrlByMember);
        return this;
    }

    /** Keeps members of two runs from joining each other's cluster by mistake. */
    public EtcdContainer withClusterToken(String token) {
        this.clusterToken = token;
        return this;
    }

    /** Raft timings. The defaults (200 ms, 2 s) are twice etcd's: on two busy cores 100 ms heartbeats miss. */
    public EtcdContainer withRaftTimings(Duration heartbeat, Duration electionTimeout) {
        this.heartbeat = heartbeat;
        this.electionTimeout = electionTimeout;
        return this;
    }

    /**
     * How often etcd's leader compares its HashKV with every follower's ({@code --experimental-corrupt-check-time};
     * etcd's default, 0, never does). Every member also compares its own with its peers' before it serves
     * ({@code --experimental-initial-corrupt-check}).
     */
    public EtcdContainer withCorruptCheckEvery(Duration every) {
        this.corruptCheckEvery = every;
        return this;
    }

    /** The member's data directory is this host folder, so the harness can read and corrupt its files. */
    public EtcdContainer withDataDirOnHost(Path hostDir) {
        return withFileSystemBind(hostDir.toString(), DATA_DIR, BindMode.READ_WRITE);
    }

    public EtcdContainer withAz(String az) {
        return withLabel("dev.gameday.az", az);
    }

    public String memberName() {
        return memberName;
    }

    /**
     * etcd's command line; {@code --initial-cluster-state} comes last, from the start command ({@code new}, or
     * {@code existing} with {@link #JOIN_EXISTING_MARKER}), and is only read on the first start: a member started
     * again finds its cluster in its data directory.
     */
    @Override
    protected void configure() {
        List<String> peers = new ArrayList<>();
        initialCluster.forEach((member, url) -> peers.add(member + "=" + url));
        List<String> command = new ArrayList<>(List.of(
                "sh",
                "-c",
                TRACK_CONNECTIONS_THEN_RUN,
                "etcd",
                "--name",
                memberName,
                "--data-dir",
                DATA_DIR,
                "--listen-client-urls",
                "http://0.0.0.0:" + CLIENT_PORT,
                "--advertise-client-urls",
                "http://" + memberName + ":" + CLIENT_PORT,
                "--listen-peer-urls",
                "http://0.0.0.0:" + PEER_PORT,
                "--initial-advertise-peer-urls",
                initialCluster.get(memberName),
                "--initial-cluster",
                String.join(",", peers),
                "--initial-cluster-token",
                clusterToken,
                "--heartbeat-interval",
                Long.toString(heartbeat.toMillis()),
                "--election-timeout",
                Long.toString(electionTimeout.toMillis()),
                // As etcd 3.5 does by default and production clusters run: without pre-vote, a member healed from a
                // partition comes back with a higher term, deposes the leader and its stale-log vote requests keep
                // the cluster leaderless for up to 12 s (measured here, experiments/README "etcd").
                "--pre-vote=true",
                // etcd's own corruption checks, off by default in 3.4: the experiments on corrupted members see what
                // they find (harness/etcd/README.md, "Corruption").
                "--experimental-initial-corrupt-check=true",
                "--experimental-corrupt-check-time",
                corruptCheckEvery.toSeconds() + "s",
                "--logger",
                "zap",
                "--log-outputs",
                "stderr"));
        withCreateContainerCmdModifier(cmd -> {
            cmd.withEntrypoint(command.toArray(String[]::new));
            // Partitions are packet filter rules the member's own namespace holds: NET_ADMIN, not privileged.
            cmd.getHostConfig().withCapAdd(Capability.NET_ADMIN);
        });
        // Printed (by the zap logger) once the member has joined its cluster, which needs a quorum of members up:
        // start them together.
        waitingFor(Wait.forLogMessage(".*serving client traffic.*", 1).withStartupTimeout(Duration.ofSeconds(90)));
    }

    /** The peer URL of a member reached without the fault proxy. */
    public static String directPeerUrl(String member) {
        return "http://" + member + ":" + PEER_PORT;
    }
}
