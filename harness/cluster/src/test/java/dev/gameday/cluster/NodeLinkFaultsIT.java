package dev.gameday.cluster;

import static dev.gameday.cluster.NetworkItSupport.GROUP;
import static dev.gameday.cluster.NetworkItSupport.appliedIndex;
import static dev.gameday.cluster.NetworkItSupport.write;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.experiment.ClusterShape;
import dev.gameday.experiment.LinkSpec;
import dev.gameday.experiment.PartitionSpec.Blocked;
import dev.gameday.nemesis.Block;
import dev.gameday.store.api.config.ReplicationGroups;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code nodeLinks: through-fault-proxy}: every connection into a storage node goes through its
 * own fault-proxy path, so {@code into-node} link faults slow or cut it. The victim is a node that
 * leads no group: routers keep reaching the leaders, and the group writes with the other two.
 */
@Tag("docker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeLinkFaultsIT {

    private static final Duration WRITE_WITHIN = Duration.ofSeconds(30);
    /** Longer than the 6 s a preferred replica must be healthy before it is handed its group, plus a hand-over. */
    private static final Duration SETTLED_FOR = Duration.ofSeconds(8);

    private static final Duration SETTLE_WITHIN = Duration.ofSeconds(90);

    private StoreCluster store;
    private ContainerCluster cluster;
    private DynamoDbClient client;

    @BeforeAll
    void boot() throws Exception {
        store = NetworkItSupport.boot("node-link-faults", ClusterShape.THROUGH_FAULT_PROXY);
        cluster = new ContainerCluster(store, 1L);
        client = NetworkItSupport.client(store, store.routers().get(0).throughProxy());
        NetworkItSupport.createTable(client);
    }

    @AfterAll
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void everyNodeHasAPathOfItsOwnOnTheFaultProxy() throws Exception {
        for (StoreCluster.Node node : store.nodes()) {
            Proxy path = store.faultProxyClient().getProxy(StoreCluster.nodePathName(node.id()));
            assertEquals(node.id() + ":" + StoreCluster.RAFT_PORT, path.getUpstream());
            assertTrue(path.isEnabled());
        }
    }

    @Test
    void aFollowerBehindLatencyAndThenACutLinkCatchesUpAfterTheHeal() throws Exception {
        String follower = followerLeadingNothing();
        String path = StoreCluster.nodePathName(follower);
        cluster.degradeLinks(
                1,
                LinkSpec.Paths.INTO_NODE,
                List.of(follower),
                List.of(new LinkSpec.Toxic("latency", null, null, Map.of("latency", 300L))));
        try {
            List<? extends Toxic> toxics =
                    store.faultProxyClient().getProxy(path).toxics().getAll();
            assertEquals(
                    List.of("gameday-fault-1-1-downstream", "gameday-fault-1-1-upstream"),
                    toxics.stream().map(Toxic::getName).sorted().toList());
            assertEquals(300, ((Latency) toxics.get(0)).getLatency());
            write(client, "slow-follower", "v", WRITE_WITHIN);
        } finally {
            cluster.healLinks(1);
        }
        assertEquals(List.of(), store.faultProxyClient().getProxy(path).toxics().getAll());

        cluster.degradeLinks(
                2, LinkSpec.Paths.INTO_NODE, List.of(follower), List.of(new LinkSpec.Toxic("down", null, null, null)));
        String leader;
        try {
            assertFalse(store.faultProxyClient().getProxy(path).isEnabled());
            for (int i = 0; i < 10; i++) {
                write(client, "cut-follower-" + i, "v" + i, WRITE_WITHIN);
            }
            leader = store.leaders().get(GROUP);
            assertTrue(
                    appliedIndex(store, follower, GROUP) < appliedIndex(store, leader, GROUP),
                    "with its path down the follower gets none of the writes: the traffic does go through the proxy");
        } finally {
            cluster.healLinks(2);
        }
        assertTrue(store.faultProxyClient().getProxy(path).isEnabled());
        long target = appliedIndex(store, leader, GROUP);
        await("the follower catches up")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> appliedIndex(store, follower, GROUP) >= target);
    }

    @Test
    void aOneWayPartitionDropsWhatTheBlockedNodeSendsToThePeersPath() throws Exception {
        List<String> nodes = store.nodes().stream().map(StoreCluster.Node::id).toList();
        String a = nodes.get(0);
        String b = nodes.get(1);
        assertTrue(connectsToPathOf(a, b), "before the partition " + a + " reaches " + b + "'s path");
        cluster.partition(3, List.of(new Block(a, b)), Blocked.DROPPED);
        try {
            assertFalse(connectsToPathOf(a, b), a + " cannot reach " + b + "'s path");
            assertTrue(connectsToPathOf(b, a), b + " still reaches " + a + "'s path");
        } finally {
            cluster.healPartition(3);
        }
        assertTrue(connectsToPathOf(a, b), "healed");
    }

    /** A TCP connect from inside {@code from}'s container to the fault-proxy path into {@code to}, given 3 s. */
    private boolean connectsToPathOf(String from, String to) {
        return store.exec(
                                from,
                                List.of(
                                        "timeout",
                                        "3",
                                        "bash",
                                        "-c",
                                        "echo > /dev/tcp/" + store.address(StoreCluster.FAULT_PROXY) + "/"
                                                + store.nodePathPorts().get(to)))
                        .getExitCode()
                == 0;
    }

    /** A storage node that leads neither the metadata group nor the data group. */
    /**
     * A node that leads nothing once the leaders have settled. Each node hands a group to its preferred replica once
     * that replica has been healthy for 6 s (LeaderPlacement), so right after boot a node leading nothing may be a
     * group's preferred replica and be handed it just as the test cuts its link: it then leads with no client able to
     * reach it, and every write fails (a gate run failed so, the hand-over 6 s after boot). Settled, no group is
     * handed to it again while its link is degraded: it stays a follower, which is what this test is about.
     */
    private String followerLeadingNothing() throws InterruptedException {
        Map<String, String> seen = store.leaders();
        long unchangedSince = System.nanoTime();
        long deadline = System.nanoTime() + SETTLE_WITHIN.toNanos();
        while (System.nanoTime() - unchangedSince < SETTLED_FOR.toNanos()) {
            assertTrue(System.nanoTime() < deadline, "leaders still moving after " + SETTLE_WITHIN + ": " + seen);
            Thread.sleep(500);
            Map<String, String> now = store.leaders();
            if (!now.equals(seen)) {
                seen = now;
                unchangedSince = System.nanoTime();
            }
        }
        Collection<String> leaders = seen.values();
        List<String> candidates = new ArrayList<>();
        for (StoreCluster.Node node : store.nodes()) {
            if (!leaders.contains(node.id())) {
                candidates.add(node.id());
            }
        }
        assertFalse(
                candidates.isEmpty(),
                "3 nodes, 2 groups (" + ReplicationGroups.METADATA_GROUP + ", " + GROUP + "): one node leads nothing");
        return candidates.get(0);
    }
}
