package dev.gameday.etcd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.canary.ClassifiedCallException;
import dev.gameday.canary.Command;
import dev.gameday.canary.Outcome;
import dev.gameday.cluster.FilterRule;
import dev.gameday.cluster.RunLabels;
import dev.gameday.experiment.PartitionSpec.Blocked;
import dev.gameday.history.OpType;
import dev.gameday.nemesis.Block;
import dev.gameday.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;

/**
 * Three etcd members in three AZs, peer links and canaries through the fault proxy: register writes, reads and
 * CAS through the canary client; a follower paused and resumed; the leader isolated by iptables rules and
 * healed; a canary path cut and healed; the leader
 * powered off (SIGKILL), a new one elected and every acknowledged write still read; the old leader powered on
 * again, caught up, and every member's HashKV the same at a common revision. Every wait is bounded; the
 * containers and the network are gone afterwards.
 */
@Tag("docker")
class EtcdClusterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void survivesTheLeadersPowerOffAndTakesItBack() throws Exception {
        long started = System.nanoTime();
        Path runDir = RunDirectory.create(
                        Path.of("target", "gameday-it").toAbsolutePath(), "etcd-cluster", Instant.now())
                .dir();
        RunLabels labels = RunLabels.forThisProcess("etcd-it-" + UUID.randomUUID());
        Map<String, EtcdCanaryClient> clients = new LinkedHashMap<>();
        try (EtcdCluster etcd = new EtcdCluster(runDir, labels)
                .withAzs(List.of("az1", "az2", "az3"))
                .withPeerLinksThroughFaultProxy()
                .start()) {
            assertEquals(
                    List.of("az1-etcd-1", "az2-etcd-1", "az3-etcd-1"),
                    etcd.members().stream().map(EtcdCluster.Member::name).toList());
            // One client per member through its fault-proxy path, as a canary in each AZ talks to its own AZ's member.
            for (EtcdCluster.Member member : etcd.members()) {
                clients.put(member.name(), new EtcdCanaryClient(List.of(member.canaryUrl()), Duration.ofSeconds(5)));
            }
            String leader = etcd.awaitLeader(TIMEOUT);
            String follower = etcd.followersOf(leader).get(0);

            assertEquals(1L, clients.get(follower).execute(new Command("write", "r1", 1L, 100)));
            assertEquals(1L, clients.get(leader).execute(new Command("read", "r1", null, 0)));
            assertEquals(List.of(1L, 2L), clients.get(leader).execute(new Command("cas", "r1", List.of(1L, 2L), 100)));
            ClassifiedCallException refused = assertThrows(
                    ClassifiedCallException.class,
                    () -> clients.get(follower).execute(new Command("cas", "r1", List.of(1L, 3L), 100)));
            assertEquals(new Outcome(OpType.FAIL, "compare-failed"), refused.outcome());
            clients.get(leader).execute(new Command("write", "u-1", 7L, 100));
            assertEquals(null, clients.get(follower).execute(new Command("read", "r-never-written", null, 0)));
            assertTrue(
                    Files.isDirectory(etcd.hostDataDir(leader).resolve("member").resolve("wal")),
                    "the member's write-ahead log is in its data directory on the host");

            // A paused follower (SIGSTOP) answers nothing, the other two still commit; resumed, it serves the write.
            etcd.pause(follower);
            assertTrue(etcd.isPaused(follower));
            try (EtcdCanaryClient impatient =
                    new EtcdCanaryClient(List.of(etcd.member(follower).canaryUrl()), Duration.ofMillis(1500))) {
                ClassifiedCallException frozen = assertThrows(
                        ClassifiedCallException.class, () -> impatient.execute(new Command("read", "r1", null, 0)));
                assertEquals(new Outcome(OpType.INFO, "timeout"), frozen.outcome(), "a paused member answers nothing");
            }
            assertEquals(8L, clients.get(leader).execute(new Command("write", "u-2", 8L, 100)));
            etcd.resume(follower);
            assertEquals(8L, clients.get(follower).execute(new Command("read", "u-2", null, 0)));

            // The leader cut off from both others by iptables rules in the members: the majority elects another.
            List<Block> isolation = new ArrayList<>();
            for (EtcdCluster.Member other : etcd.members()) {
                if (!other.name().equals(leader)) {
                    isolation.add(new Block(leader, other.name()));
                    isolation.add(new Block(other.name(), leader));
                }
            }
            List<FilterRule> rules = etcd.partitionRules().rules(1, isolation, Blocked.DROPPED);
            rules.forEach(rule -> execOk(etcd, rule.member(), rule.addCommand()));
            String majorityLeader = etcd.awaitLeader(TIMEOUT, leader);
            assertEquals(9L, clients.get(majorityLeader).execute(new Command("write", "u-3", 9L, 100)));
            // Healed by deleting exactly the rules added ("-A" becomes "-D"); the isolated member catches up.
            rules.forEach(rule -> {
                List<String> delete = new ArrayList<>(rule.addCommand());
                delete.set(1, "-D");
                execOk(etcd, rule.member(), delete);
            });
            await("the isolated member serves what the majority wrote")
                    .atMost(TIMEOUT)
                    .ignoreExceptions()
                    .until(() ->
                            Long.valueOf(9L).equals(clients.get(leader).execute(new Command("read", "u-3", null, 0))));
            // Without pre-vote the isolated member's elections raised its term: the healed cluster may elect again.
            String oldLeader = etcd.awaitLeader(TIMEOUT);

            etcd.powerOff(oldLeader);
            String newLeader = etcd.awaitLeader(TIMEOUT, oldLeader);
            assertNotEquals(oldLeader, newLeader);
            EtcdCanaryClient survivor = clients.get(newLeader);
            assertEquals(
                    Map.of("r1", 2L, "u-1", 7L, "u-2", 8L, "u-3", 9L),
                    survivor.scanAll(),
                    "every acknowledged write, after the leader died");
            assertEquals(4L, survivor.execute(new Command("write", "r1", 4L, 100)));
            // The proxy takes the connection and drops it as it cannot reach the dead member: the client cannot know
            // whether the write went anywhere, so the history must not say it did not happen.
            ClassifiedCallException dead = assertThrows(
                    ClassifiedCallException.class,
                    () -> clients.get(oldLeader).execute(new Command("write", "r1", 5L, 100)));
            assertEquals(OpType.INFO, dead.outcome().type(), dead::toString);
            System.out.println("a write to the powered-off member: " + dead.outcome());

            // A link fault on the new leader's client path: its canary calls fail, and work again once healed.
            etcd.faultProxyClient()
                    .getProxy(EtcdCluster.clientPathName(newLeader))
                    .disable();
            assertThrows(ClassifiedCallException.class, () -> survivor.execute(new Command("read", "r1", null, 0)));
            etcd.faultProxyClient()
                    .getProxy(EtcdCluster.clientPathName(newLeader))
                    .enable();
            await("the healed path carries calls again")
                    .atMost(TIMEOUT)
                    .ignoreExceptions()
                    .until(() -> Long.valueOf(4L).equals(survivor.execute(new Command("read", "r1", null, 0))));

            etcd.powerOn(oldLeader);
            long newLeaderId = etcd.status(newLeader).orElseThrow().memberId();
            await("the old leader follows the new one")
                    .atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> etcd.status(oldLeader)
                            .map(s -> s.leaderId() == newLeaderId)
                            .orElse(false));
            // A linearizable read through the restarted member: it must see the write it missed while off.
            await("the old leader serves what it missed")
                    .atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(() -> Long.valueOf(4L)
                            .equals(clients.get(oldLeader).execute(new Command("read", "r1", null, 0))));
            // A scrub across replicas: at a revision every member has applied, their key-value histories hash the same.
            long common = etcd.members().stream()
                    .mapToLong(m -> etcd.status(m.name()).orElseThrow().revision())
                    .min()
                    .orElseThrow();
            List<Integer> hashes = etcd.members().stream()
                    .map(m -> etcd.hashKv(m.name(), common))
                    .toList();
            assertEquals(1, hashes.stream().distinct().count(), "HashKV at revision " + common + ": " + hashes);
            System.out.println("HashKV at revision " + common + ": " + hashes);
        } finally {
            clients.values().forEach(EtcdCanaryClient::close);
        }
        assertEquals(
                List.of(),
                DockerClientFactory.instance()
                        .client()
                        .listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(Map.of(RunLabels.RUN, labels.runId()))
                        .exec(),
                "the run's containers are removed");
        System.out.printf("EtcdClusterIT took %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static void execOk(EtcdCluster etcd, String member, List<String> command) {
        ExecResult result = etcd.exec(member, command.toArray(String[]::new));
        assertEquals(0, result.getExitCode(), () -> member + ": " + command + ": " + result.getStderr());
    }
}
