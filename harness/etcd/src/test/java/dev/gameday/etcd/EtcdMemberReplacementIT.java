package dev.gameday.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.canary.Command;
import dev.gameday.cluster.RunLabels;
import dev.gameday.experiment.CorruptionSpec;
import dev.gameday.run.RunDirectory;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's runbook for a corrupted member, done by {@link RunningEtcd#replaceCorrupted} as a corruption fault's heal with
 * {@code repair: replace-member} does it, on both things etcd 3.4 does with a corrupted member (harness/etcd/README.md,
 * "Corruption"), each forced:
 * <ul>
 *   <li>one bit of a value changed in a follower's bbolt file while it is off: the encoding stays valid, the member
 *       starts and serves, and the leader's periodic check raises CORRUPT, after which etcd refuses every write;</li>
 *   <li>bits flipped at the written end of another follower's WAL while it is off: it exits at once.</li>
 * </ul>
 * Each time the replacement must name what etcd showed, take the member out, add it again under a new id, start it
 * joining, disarm the alarm, and leave a cluster that takes writes through every member, with equal HashKVs.
 */
@Tag("docker")
class EtcdMemberReplacementIT {

    private static final Logger log = LoggerFactory.getLogger(EtcdMemberReplacementIT.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** A value no other bytes of a member's files look like, so that the flipped byte is in it. */
    private static final String VALUE = "v".repeat(2000);

    @Test
    void aMemberServingAChangedValueAndAMemberThatExitsAreBothReplaced() throws Exception {
        Path runDir = RunDirectory.create(
                        Path.of("target", "gameday-it").toAbsolutePath(), "etcd-replacement", Instant.now())
                .dir();
        RunLabels labels = RunLabels.forThisProcess("etcd-replacement-it-" + UUID.randomUUID());
        try (EtcdCluster etcd = new EtcdCluster(runDir, labels)
                        .withAzs(List.of("az1", "az2", "az3"))
                        .start();
                EtcdStoreAccess access = new EtcdStoreAccess(etcd, Set.of())) {
            RunningEtcd running = new RunningEtcd(etcd, access, 1);
            String leader = etcd.awaitLeader(TIMEOUT);
            List<String> followers = etcd.followersOf(leader);

            // Case (b): a value's byte changed at rest; etcd serves it, then raises CORRUPT.
            String valueChanged = followers.get(0);
            long oldId = etcd.status(valueChanged).orElseThrow().memberId();
            try (Client client = etcd.clientOf(leader, TIMEOUT)) {
                long revision = client.getKVClient()
                        .put(bytes("gameday/replace-me"), bytes(VALUE))
                        .get(10, TimeUnit.SECONDS)
                        .getHeader()
                        .getRevision();
                awaitRevision(etcd, valueChanged, revision);
            }
            Thread.sleep(500); // five of etcd's 100 ms backend commits: the value is in the bbolt file
            running.powerOff(valueChanged);
            int flipped = flipOneBitOfEveryCopyOfTheValue(EtcdFiles.bboltFile(etcd.hostDataDir(valueChanged)));
            assertTrue(flipped > 0, "the value is in " + valueChanged + "'s bbolt file");
            running.powerOn(valueChanged);
            List<String> steps = replace(running, 1, valueChanged);
            assertTrue(steps.get(0).startsWith("detected: etcd raised the alarm CORRUPT"), steps.toString());
            assertReplaced(etcd, access, 1, valueChanged, oldId, steps);
            assertTrue(steps.get(steps.size() - 1).contains("alarm:CORRUPT"), steps.toString());

            // Case (a): the WAL's written end changed at rest; etcd exits at once and stays down.
            String exits = followers.get(1);
            long exitsId = etcd.status(exits).orElseThrow().memberId();
            running.corrupt(
                    2,
                    exits,
                    new CorruptionSpec(
                            CorruptionSpec.Where.LOG_TAIL, CorruptionSpec.How.FLIP_BITS, CorruptionSpec.When.AT_REST));
            running.powerOn(exits);
            List<String> exitSteps = replace(running, 2, exits);
            assertTrue(exitSteps.get(0).startsWith("detected: etcd exited on " + exits), exitSteps.toString());
            assertReplaced(etcd, access, 2, exits, exitsId, exitSteps);
            assertEquals(
                    "etcdctl alarm disarm: no alarm up", exitSteps.get(exitSteps.size() - 1), exitSteps.toString());

            // Replaced twice, the cluster is whole: every member answers, one leader, HashKV equal.
            List<MemberStatus> statuses = etcd.members().stream()
                    .map(m -> etcd.status(m.name()).orElseThrow(() -> new AssertionError(m.name() + " answers")))
                    .toList();
            assertEquals(
                    1,
                    statuses.stream()
                            .map(MemberStatus::leaderId)
                            .collect(Collectors.toSet())
                            .size(),
                    statuses.toString());
            long lowest =
                    statuses.stream().mapToLong(MemberStatus::revision).min().orElseThrow();
            Set<Integer> hashes = etcd.members().stream()
                    .map(m -> etcd.hashKv(m.name(), lowest))
                    .collect(Collectors.toSet());
            assertEquals(1, hashes.size(), "HashKV at revision " + lowest + ": " + hashes);
        }
    }

    private static List<String> replace(RunningEtcd running, int faultId, String member) throws Exception {
        List<String> steps = new ArrayList<>();
        long began = System.nanoTime();
        running.replaceCorrupted(faultId, member, step -> {
            log.info("+{} ms {}", (System.nanoTime() - began) / 1_000_000, step);
            steps.add(step);
        });
        return steps;
    }

    /** The runbook's steps in order, the member back under a new id, serving writes, no alarm, the scrub told. */
    private static void assertReplaced(
            EtcdCluster etcd, EtcdStoreAccess access, int faultId, String member, long oldId, List<String> steps)
            throws Exception {
        List<String> order = List.of(
                "detected: ",
                "moved " + member + "'s data directory",
                "member remove " + Long.toHexString(oldId),
                "member add " + member,
                member + " started with --initial-cluster-state existing",
                "etcdctl alarm disarm");
        int at = -1;
        for (String step : order) {
            int next = at + 1;
            while (next < steps.size() && !steps.get(next).startsWith(step)) {
                next++;
            }
            assertTrue(next < steps.size(), "'" + step + "...' after step " + at + ": " + steps);
            at = next;
        }
        MemberStatus now = etcd.status(member).orElseThrow(() -> new AssertionError(member + " answers"));
        assertNotEquals(oldId, now.memberId(), "added again under a new id");
        assertEquals(List.of(), etcd.alarms(), "alarms disarmed");
        assertTrue(
                Files.isDirectory(etcd.dataRoot().resolve(member + ".replaced-after-fault-" + faultId)),
                "the corrupted data directory is kept");
        try (EtcdCanaryClient through =
                new EtcdCanaryClient(List.of(etcd.member(member).canaryUrl()), Duration.ofSeconds(5))) {
            assertNotNull(through.execute(new Command("write", "after-" + member, 1L, 100)), "a write through it");
        }
        EtcdMemberReplacement.Replacement done =
                access.replacements().of(faultId, member).orElseThrow();
        assertTrue(done.replaced() && done.detection() != null, done.toString());
    }

    private static void awaitRevision(EtcdCluster etcd, String member, long revision) throws InterruptedException {
        Instant until = Instant.now().plus(TIMEOUT);
        while (etcd.status(member).map(MemberStatus::revision).orElse(0L) < revision) {
            assertTrue(Instant.now().isBefore(until), member + " did not reach revision " + revision);
            Thread.sleep(100);
        }
    }

    /**
     * Changes 'v' to 'w' (one bit) at the start of every run of the value in the file: copy-on-write leaves old
     * copies in free pages, and changing those too makes sure the live one is changed. The encoding stays valid.
     */
    private static int flipOneBitOfEveryCopyOfTheValue(Path file) throws Exception {
        byte[] data = Files.readAllBytes(file);
        byte[] run = "v".repeat(64).getBytes(StandardCharsets.US_ASCII);
        int flipped = 0;
        for (int i = 0; i + run.length <= data.length; i++) {
            if (data[i] == 'v' && (i == 0 || data[i - 1] != 'v' && data[i - 1] != 'w') && startsWith(data, i, run)) {
                data[i + 100 < data.length && data[i + 100] == 'v' ? i + 100 : i] ^= 0x01;
                flipped++;
            }
        }
        Files.write(file, data);
        log.info("{}: one bit changed in {} copies of the value", file, flipped);
        return flipped;
    }

    private static boolean startsWith(byte[] data, int at, byte[] run) {
        for (int j = 0; j < run.length; j++) {
            if (data[at + j] != run[j]) {
                return false;
            }
        }
        return true;
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }
}
