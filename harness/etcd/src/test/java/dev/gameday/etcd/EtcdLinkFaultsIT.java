package dev.gameday.etcd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.canary.Command;
import dev.gameday.cluster.RunLabels;
import dev.gameday.experiment.LinkSpec;
import dev.gameday.run.RunDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Link faults on etcd's paths, measured: 300 ms of latency on one follower's client path slows the calls through that
 * path and not those through another member's; 400 ms on its peer path ({@code into-node}, which carries the messages
 * it sends to its peers) slows the linearizable reads it serves (each asks the leader for a read index), not the
 * other follower's. Through {@link RunningEtcd#degradeLinks}, as a
 * run's link fault does; healed, both are fast again.
 */
@Tag("docker")
class EtcdLinkFaultsIT {

    private static final Logger log = LoggerFactory.getLogger(EtcdLinkFaultsIT.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<LinkSpec.Toxic> CLIENT_LATENCY =
            List.of(new LinkSpec.Toxic("latency", null, null, Map.of("latency", 300L)));
    private static final List<LinkSpec.Toxic> PEER_LATENCY =
            List.of(new LinkSpec.Toxic("latency", null, null, Map.of("latency", 400L)));

    @Test
    void latencyOnAClientPathSlowsItsCallsAndOnAPeerPathItsReplication() throws Exception {
        Path runDir = RunDirectory.create(Path.of("target", "gameday-it").toAbsolutePath(), "etcd-links", Instant.now())
                .dir();
        RunLabels labels = RunLabels.forThisProcess("etcd-links-it-" + UUID.randomUUID());
        try (EtcdCluster etcd = new EtcdCluster(runDir, labels)
                        .withAzs(List.of("az1", "az2", "az3"))
                        .withPeerLinksThroughFaultProxy()
                        .start();
                EtcdStoreAccess access = new EtcdStoreAccess(etcd, Set.of())) {
            RunningEtcd running = new RunningEtcd(etcd, access, 1);
            String leader = etcd.awaitLeader(TIMEOUT);
            List<String> followers = etcd.followersOf(leader);
            String slowed = followers.get(0);
            String other = followers.get(1);

            try (EtcdCanaryClient throughSlowed =
                            new EtcdCanaryClient(List.of(etcd.member(slowed).canaryUrl()), Duration.ofSeconds(5));
                    EtcdCanaryClient throughOther =
                            new EtcdCanaryClient(List.of(etcd.member(other).canaryUrl()), Duration.ofSeconds(5));
                    EtcdCanaryClient throughLeader =
                            new EtcdCanaryClient(List.of(etcd.member(leader).canaryUrl()), Duration.ofSeconds(5))) {
                throughLeader.execute(new Command("write", "r1", 1L, 100));
                long slowedBefore = medianReadMillis(throughSlowed);
                long otherBefore = medianReadMillis(throughOther);

                running.degradeLinks(1, LinkSpec.Paths.CLIENTS, List.of(slowed), CLIENT_LATENCY);
                long slowedDuring = medianReadMillis(throughSlowed);
                long otherDuring = medianReadMillis(throughOther);
                running.healLinks(1);
                long slowedAfter = medianReadMillis(throughSlowed);
                log.info(
                        "client path of {}: median read {} ms before, {} ms with 300 ms latency, {} ms healed;"
                                + " through {}: {} ms, {} ms",
                        slowed,
                        slowedBefore,
                        slowedDuring,
                        slowedAfter,
                        other,
                        otherBefore,
                        otherDuring);
                assertTrue(slowedDuring >= slowedBefore + 250, "slowed: " + slowedBefore + " -> " + slowedDuring);
                assertTrue(otherDuring < otherBefore + 150, "not slowed: " + otherBefore + " -> " + otherDuring);
                assertTrue(slowedAfter < slowedBefore + 150, "healed: " + slowedBefore + " -> " + slowedAfter);

                // etcd's peer streams are read by the member that dialled them: a connection into a member carries the
                // messages it sends (its acknowledgements, forwarded proposals, read-index requests). Latency there
                // slows the linearizable reads it serves, whose read index it asks the leader for.
                running.degradeLinks(2, LinkSpec.Paths.INTO_NODE, List.of(slowed), PEER_LATENCY);
                long slowedPeerDuring = medianReadMillis(throughSlowed);
                long otherPeerDuring = medianReadMillis(throughOther);
                running.healLinks(2);
                long slowedPeerAfter = medianReadMillis(throughSlowed);
                log.info(
                        "peer path into {}: median linearizable read through it {} ms before, {} ms with 400 ms"
                                + " latency, {} ms healed; through {}: {} ms",
                        slowed,
                        slowedBefore,
                        slowedPeerDuring,
                        slowedPeerAfter,
                        other,
                        otherPeerDuring);
                assertTrue(
                        slowedPeerDuring >= slowedBefore + 300,
                        "read index of " + slowed + " slowed: " + slowedBefore + " -> " + slowedPeerDuring);
                assertTrue(
                        otherPeerDuring < otherBefore + 150, "not slowed: " + otherBefore + " -> " + otherPeerDuring);
                assertTrue(slowedPeerAfter < slowedBefore + 150, "healed: " + slowedBefore + " -> " + slowedPeerAfter);
            }
        }
    }

    private static long medianReadMillis(EtcdCanaryClient client) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            long start = System.nanoTime();
            client.execute(new Command("read", "r1", null, 0));
            times.add((System.nanoTime() - start) / 1_000_000);
        }
        return median(times);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
