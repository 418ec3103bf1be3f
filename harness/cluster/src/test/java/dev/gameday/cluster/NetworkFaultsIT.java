package dev.gameday.cluster;

import static dev.gameday.cluster.NetworkItSupport.GROUP;
import static dev.gameday.cluster.NetworkItSupport.appliedIndex;
import static dev.gameday.cluster.NetworkItSupport.consistentRead;
import static dev.gameday.cluster.NetworkItSupport.leads;
import static dev.gameday.cluster.NetworkItSupport.write;
import static dev.gameday.experiment.PartitionSpec.Blocked.DROPPED;
import static dev.gameday.experiment.PartitionSpec.Blocked.REFUSED;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.experiment.ClusterShape;
import dev.gameday.experiment.LinkSpec;
import dev.gameday.nemesis.Block;
import dev.gameday.nemesis.NemesisException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.containers.Container.ExecResult;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Partitions as iptables rules and link faults on the canary paths, against one cluster with
 * direct node links (3 AZs x 1 node x 1 router, one data group). Every test heals what it did.
 */
@Tag("docker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkFaultsIT {

    private static final Duration WRITE_WITHIN = Duration.ofSeconds(30);

    private StoreCluster store;
    private ContainerCluster cluster;
    private final List<DynamoDbClient> clients = new ArrayList<>();

    @BeforeAll
    void boot() throws Exception {
        store = NetworkItSupport.boot("network-faults", ClusterShape.DIRECT);
        cluster = new ContainerCluster(store, 1L);
        store.routers().forEach(r -> clients.add(NetworkItSupport.client(store, r.throughProxy())));
        NetworkItSupport.createTable(clients.get(0));
    }

    @AfterAll
    void tearDown() {
        clients.forEach(DynamoDbClient::close);
        if (store != null) {
            store.close();
        }
    }

    @Test
    void anIsolatedLeaderIsReplacedAndCatchesUpAfterTheHeal() throws Exception {
        String victim = store.leaders().get(GROUP);
        List<Block> blocks = new ArrayList<>();
        for (String other : store.partitionableMembers()) {
            if (!other.equals(victim)) {
                blocks.add(new Block(victim, other));
                blocks.add(new Block(other, victim));
            }
        }
        cluster.partition(1, blocks, DROPPED);
        try {
            assertEquals(
                    store.partitionableMembers().size() - 1,
                    gamedayRules(victim).size(),
                    "one drop per other member at the victim");

            List<String> others = store.nodes().stream()
                    .map(StoreCluster.Node::id)
                    .filter(n -> !n.equals(victim))
                    .toList();
            await("another node leads " + GROUP)
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> others.stream().anyMatch(n -> leads(store, n, GROUP)));
            for (int i = 0; i < 10; i++) {
                write(clients.get(i % clients.size()), "isolated-" + i, "v" + i, WRITE_WITHIN);
            }
            String newLeader = others.stream()
                    .filter(n -> leads(store, n, GROUP))
                    .findFirst()
                    .orElseThrow();
            assertTrue(
                    appliedIndex(store, victim, GROUP) < appliedIndex(store, newLeader, GROUP),
                    "the isolated node applied none of the writes made without it");
        } finally {
            cluster.healPartition(1);
        }

        for (String member : store.partitionableMembers()) {
            assertEquals(List.of(), gamedayRules(member), "no partition rule left in " + member);
            assertTrue(
                    rules(member).contains("-A INPUT -m conntrack --ctstate INVALID -j DROP"),
                    "the boot-time conntrack rule stays in " + member);
        }
        await("the old leader catches up")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> {
                    String leader = store.leaders().get(GROUP);
                    return appliedIndex(store, victim, GROUP) >= appliedIndex(store, leader, GROUP);
                });
        DynamoDbClient victimsAz = clients.get(azIndexOf(victim));
        await("a consistent read through the old leader's AZ")
                .atMost(WRITE_WITHIN)
                .ignoreExceptions()
                .until(() -> "v9".equals(consistentRead(victimsAz, "isolated-9")));
    }

    @Test
    void aOneWayBlockCutsOnlyConnectionsTheBlockedSideOpens() throws Exception {
        List<String> nodes = store.nodes().stream().map(StoreCluster.Node::id).toList();
        String a = nodes.get(0);
        String b = nodes.get(1);
        String c = nodes.get(2);
        assertTrue(connects(a, b), "before the partition " + a + " reaches " + b);

        cluster.partition(2, List.of(new Block(a, b), new Block(a, c)), DROPPED);
        cluster.partition(3, List.of(new Block(b, c)), DROPPED);
        try {
            assertFalse(connects(a, b), a + " cannot reach " + b);
            assertFalse(connects(a, c), a + " cannot reach " + c);
            assertTrue(connects(b, a), b + " still reaches " + a);
            assertTrue(connects(c, a), c + " still reaches " + a);
        } finally {
            cluster.healPartition(2);
        }
        try {
            assertTrue(connects(a, b), "after the heal " + a + " reaches " + b + " again");
            assertEquals(1, gamedayRules(c).size(), "the other fault's rule stays: " + rules(c));
            assertFalse(connects(b, c), "the other fault still holds");
        } finally {
            cluster.healPartition(3);
        }
        assertTrue(connects(b, c));
    }

    @Test
    void aRefusedBlockFailsAConnectionAtOnceWhereADroppedOneTimesOut() throws Exception {
        List<String> nodes = store.nodes().stream().map(StoreCluster.Node::id).toList();
        String a = nodes.get(0);
        String b = nodes.get(1);

        cluster.partition(7, List.of(new Block(a, b), new Block(b, a)), REFUSED);
        try {
            ExecResult refused = connect(a, b);
            assertEquals(1, refused.getExitCode(), "refused, not timed out: " + refused.getStderr());
            assertTrue(refused.getStderr().contains("Connection refused"), refused.getStderr());
            assertFalse(connect(b, a).getExitCode() == 0, "both ways");
        } finally {
            cluster.healPartition(7);
        }
        assertEquals(List.of(), gamedayRules(b));
        assertTrue(connects(a, b), "healed");

        cluster.partition(8, List.of(new Block(a, b)), DROPPED);
        try {
            assertEquals(124, connect(a, b).getExitCode(), "a dropped connection attempt waits for the timeout");
        } finally {
            cluster.healPartition(8);
        }
    }

    @Test
    void rulesGoIntoAPausedNodeAndHealingSkipsAPoweredOffOne() throws Exception {
        List<String> nodes = store.nodes().stream().map(StoreCluster.Node::id).toList();
        String paused = nodes.get(1);
        cluster.pause(paused);
        try {
            cluster.partition(4, List.of(new Block(nodes.get(0), paused)), DROPPED);
            assertEquals(1, gamedayRules(paused).size(), "docker exec works beside a SIGSTOP'd process");
            cluster.healPartition(4);
            assertEquals(List.of(), gamedayRules(paused));
        } finally {
            cluster.resume(paused);
        }

        String off = nodes.get(2);
        cluster.partition(5, List.of(new Block(nodes.get(0), off)), DROPPED);
        cluster.powerOff(off);
        try {
            cluster.healPartition(5);
        } finally {
            cluster.powerOn(off);
        }
        await("the node is back")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> store.groupsOf(off).size() > 0);
        assertEquals(List.of(), gamedayRules(off), "a powered-on node starts without the old rules");
        assertTrue(
                rules(off).contains("-A INPUT -m conntrack --ctstate INVALID -j DROP"),
                "and with the boot-time conntrack rule");
    }

    @Test
    void aLatencyToxicOnTheClientPathSlowsOnlyThatRouter() throws Exception {
        StoreCluster.RouterEndpoint slow = store.routers().get(0);
        write(clients.get(0), "latency", "v", WRITE_WITHIN);
        cluster.degradeLinks(
                6,
                LinkSpec.Paths.CLIENTS,
                List.of(slow.id()),
                List.of(new LinkSpec.Toxic("latency", "downstream", null, Map.of("latency", 400L))));
        try {
            assertEquals(List.of("gameday-fault-6-1-downstream"), toxicNames(slow.proxyName()));
            assertTrue(millisToRead(clients.get(0)) >= 400, "a read through the slowed path takes the toxic's latency");
            assertTrue(millisToRead(clients.get(1)) < 400, "other routers' paths are not slowed");
        } finally {
            cluster.healLinks(6);
        }
        assertEquals(List.of(), toxicNames(slow.proxyName()));
        assertTrue(millisToRead(clients.get(0)) < 400, "healed");
    }

    @Test
    void aDownClientPathRefusesCallsUntilHealed() throws Exception {
        StoreCluster.RouterEndpoint cut = store.routers().get(1);
        DynamoDbClient throughCut = clients.get(1);
        write(throughCut, "down", "v", WRITE_WITHIN);
        cluster.degradeLinks(
                8, LinkSpec.Paths.CLIENTS, List.of(cut.id()), List.of(new LinkSpec.Toxic("down", null, null, null)));
        try {
            assertFalse(store.faultProxyClient().getProxy(cut.proxyName()).isEnabled());
            assertThrows(SdkClientException.class, () -> consistentRead(throughCut, "down"));
            assertEquals("v", consistentRead(clients.get(0), "down"), "other routers' paths stay up");
        } finally {
            cluster.healLinks(8);
        }
        assertTrue(store.faultProxyClient().getProxy(cut.proxyName()).isEnabled());
        assertEquals("v", consistentRead(throughCut, "down"));
    }

    @Test
    void linkFaultsIntoNodesNeedNodeLinksThroughTheProxy() {
        NemesisException e = assertThrows(
                NemesisException.class,
                () -> cluster.degradeLinks(
                        7,
                        LinkSpec.Paths.INTO_NODE,
                        List.of(store.nodes().get(0).id()),
                        List.of(new LinkSpec.Toxic("latency", null, null, Map.of("latency", 100L)))));
        assertTrue(e.getMessage().contains("through-fault-proxy"), e.getMessage());
    }

    private long millisToRead(DynamoDbClient client) {
        long start = System.nanoTime();
        assertEquals("v", consistentRead(client, "latency"));
        return (System.nanoTime() - start) / 1_000_000;
    }

    private List<String> toxicNames(String path) throws Exception {
        return store.faultProxyClient().getProxy(path).toxics().getAll().stream()
                .map(t -> t.getName())
                .sorted()
                .toList();
    }

    /** A TCP connect from inside {@code from}'s container to {@code to}'s Raft port, given 3 s. */
    private boolean connects(String from, String to) {
        return connect(from, to).getExitCode() == 0;
    }

    /** Opens a TCP connection to {@code to}'s Raft port from inside {@code from}; exit 124 when 3 s ran out. */
    private ExecResult connect(String from, String to) {
        return store.exec(
                from,
                List.of(
                        "timeout",
                        "3",
                        "bash",
                        "-c",
                        "echo > /dev/tcp/" + store.address(to) + "/" + StoreCluster.RAFT_PORT));
    }

    private List<String> rules(String member) {
        return store.exec(member, List.of("iptables", "-S")).getStdout().lines().toList();
    }

    private List<String> gamedayRules(String member) {
        return rules(member).stream().filter(r -> r.contains("gameday-fault-")).toList();
    }

    private int azIndexOf(String node) {
        String az = store.node(node).az();
        for (int i = 0; i < store.routers().size(); i++) {
            if (store.routers().get(i).az().equals(az)) {
                return i;
            }
        }
        throw new AssertionError("no router in " + az);
    }
}
