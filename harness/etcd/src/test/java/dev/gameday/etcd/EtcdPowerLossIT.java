package dev.gameday.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.canary.Command;
import dev.gameday.cluster.PowerOffMode;
import dev.gameday.cluster.RunLabels;
import dev.gameday.faultfs.FaultRules;
import dev.gameday.run.RunDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * etcd over the fault filesystem: the whole cluster loses power at one instant while writes flow, with every fsync
 * slowed so that each member has written but unsynced bytes when the power goes. The power loss must really drop
 * bytes (else it proves nothing), and etcd, which syncs its WAL before it answers, must come back with every write
 * it acknowledged. Bounded: at most 3 writers for at most 8 s, every wait 60 s at most.
 */
@Tag("docker")
class EtcdPowerLossIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern DROPPED = Pattern.compile("dropped (\\d+) unsynced bytes");

    @Test
    void aWholeClusterPowerLossDropsUnsyncedBytesAndKeepsEveryAcknowledgedWrite() throws Exception {
        Path runDir = RunDirectory.create(
                        Path.of("target", "gameday-it").toAbsolutePath(), "etcd-power-loss", Instant.now())
                .dir();
        RunLabels labels = RunLabels.forThisProcess("etcd-it-" + UUID.randomUUID());
        try (EtcdCluster etcd = new EtcdCluster(runDir, labels)
                .withAzs(List.of("az1", "az2", "az3"))
                .withPowerOff(PowerOffMode.POWER_LOSS, 7)
                .start()) {
            List<String> members =
                    etcd.members().stream().map(EtcdCluster.Member::name).toList();
            String leader = etcd.awaitLeader(TIMEOUT);
            for (String member : members) {
                etcd.faultFs(member)
                        .orElseThrow()
                        .rules()
                        .addLatency(FaultRules.Op.FSYNC, "/**", Duration.ofMillis(300), Duration.ZERO);
            }

            Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writers = Executors.newFixedThreadPool(3);
            List<Future<?>> running = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            try (EtcdCanaryClient client =
                    new EtcdCanaryClient(List.of(etcd.member(leader).canaryUrl()), Duration.ofSeconds(5))) {
                for (int w = 0; w < 3; w++) {
                    long first = w * 100_000L;
                    running.add(writers.submit(() -> {
                        for (long i = first + 1; !stop.get() && System.nanoTime() < deadline; i++) {
                            try {
                                client.execute(new Command("write", "k" + i, i, 100));
                                acknowledged.add(i);
                            } catch (Exception notAcknowledged) {
                                // Refused or unknown: the durability claim is about acknowledged writes only.
                            }
                        }
                    }));
                }
                Awaitility.await("writes acknowledged before the cut")
                        .atMost(TIMEOUT)
                        .until(() -> acknowledged.size() >= 10);

                List<String> lost = etcd.powerOff(members);
                stop.set(true);
                for (Future<?> f : running) {
                    f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
                System.out.println("the power loss: " + String.join("\n  ", lost));
                long dropped = 0;
                for (String line : lost) {
                    Matcher m = DROPPED.matcher(line);
                    if (m.find()) {
                        dropped += Long.parseLong(m.group(1));
                    }
                }
                assertTrue(dropped > 0, "the power loss dropped what etcd had written and not synced: " + lost);
            } finally {
                writers.shutdownNow();
            }

            for (String member : members) {
                etcd.faultFs(member).orElseThrow().rules().clearAll();
            }
            members.forEach(etcd::powerOn);
            String newLeader = etcd.awaitLeader(TIMEOUT);
            try (EtcdCanaryClient reader =
                    new EtcdCanaryClient(List.of(etcd.member(newLeader).canaryUrl()), Duration.ofSeconds(10))) {
                Map<String, Long> held = Awaitility.await("etcd serves after the power loss")
                        .atMost(TIMEOUT)
                        .ignoreExceptions()
                        .until(reader::scanAll, all -> true);
                List<Long> missing = acknowledged.stream()
                        .filter(i -> !Long.valueOf(i).equals(held.get("k" + i)))
                        .sorted()
                        .toList();
                assertEquals(List.of(), missing, "every acknowledged write, after all members lost power");
                System.out.println(acknowledged.size() + " acknowledged writes, all held; " + held.size() + " keys");
            }
        }
    }
}
