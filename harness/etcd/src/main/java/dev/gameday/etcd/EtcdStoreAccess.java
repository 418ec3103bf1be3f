package dev.gameday.etcd;

import dev.gameday.canary.CanaryClient;
import dev.gameday.canary.ClientBug;
import dev.gameday.canary.Command;
import dev.gameday.canary.HistoryRecorder;
import dev.gameday.canary.ProcessIds;
import dev.gameday.nemesis.Corruption;
import dev.gameday.nemesis.Endpoint;
import dev.gameday.report.ScrubSummary;
import dev.gameday.run.FinalReads;
import dev.gameday.run.StoreAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;

/**
 * What a run needs from etcd besides the nemesis's view: a jetcd canary client per (client AZ, member), the final
 * reads and the scrub. Each canary client talks to its one member only, so a member's troubles show in its own
 * series, as a router's do for the store.
 *
 * <p>Scrub: etcd keeps no checksums of its own that a scrub could ask for, but {@code HashKV} at a revision is a
 * checksum of a member's key-value history up to it; members that applied the same log agree. After healing, every
 * member's hash at the lowest revision they all report is compared: one group checked, a mismatch per member whose
 * hash is not the majority's. Corruption faults are refused for etcd, so nothing injected is judged.
 */
final class EtcdStoreAccess implements StoreAccess, AutoCloseable {

    /** Above etcd's election timeout (2 s) and a proposal's wait for a new leader, as the store's is above its. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** The final read waits longer: its one answer decides what the durability checker sees. */
    private static final Duration FINAL_READ_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration SCRUB_TIMEOUT = Duration.ofMinutes(1);

    private final EtcdCluster etcd;
    private final Set<ClientBug> clientBugs;
    private final List<EtcdCanaryClient> clients = new CopyOnWriteArrayList<>();

    EtcdStoreAccess(EtcdCluster etcd, Set<ClientBug> clientBugs) {
        this.etcd = etcd;
        this.clientBugs = Set.copyOf(clientBugs);
    }

    @Override
    public CanaryClient client(String clientAz, Endpoint endpoint) {
        EtcdCanaryClient client = opened(new EtcdCanaryClient(List.of(endpoint.uri()), CALL_TIMEOUT));
        return clientBugs.contains(ClientBug.SERIALIZABLE_READS) ? client.withSerializableReads() : client;
    }

    private EtcdCanaryClient opened(EtcdCanaryClient client) {
        clients.add(client);
        return client;
    }

    /** Until a write through every member's canary path is acknowledged: each member serves canaries. */
    void awaitCanariesSucceed(Duration timeout) {
        for (EtcdCluster.Member member : etcd.members()) {
            EtcdCanaryClient client = opened(new EtcdCanaryClient(List.of(member.canaryUrl()), CALL_TIMEOUT));
            Awaitility.await("a canary write through " + member.name())
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(() -> client.execute(new Command("write", "ready-" + member.name(), 1L, 1)) != null);
        }
    }

    @Override
    public List<String> deliberateBugs() {
        return ClientBug.optionNames(clientBugs);
    }

    @Override
    public Duration callTimeout() {
        return CALL_TIMEOUT;
    }

    /** A linearizable prefix range through each member in turn until one answers (three rounds at most). */
    @Override
    public ScrubSummary finalReadsAndScrub(HistoryRecorder recorder, ProcessIds processIds, List<Corruption> injected) {
        List<FinalReads.Path> paths = etcd.members().stream()
                .map(member -> {
                    EtcdCanaryClient reader =
                            opened(new EtcdCanaryClient(List.of(member.canaryUrl()), FINAL_READ_TIMEOUT));
                    return new FinalReads.Path(member.name(), member.az(), reader::scanAll);
                })
                .toList();
        FinalReads.untilOneCompletes(recorder, processIds, paths);
        return scrub();
    }

    /** Every member's HashKV at the lowest revision all of them report, once all answer. */
    ScrubSummary scrub() {
        Map<String, Long> revisions = Awaitility.await("every etcd member's status for the scrub")
                .atMost(SCRUB_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(this::revisions, r -> r.size() == etcd.members().size());
        long revision =
                revisions.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        Map<String, Integer> hashes = new LinkedHashMap<>();
        revisions.keySet().forEach(member -> hashes.put(member, etcd.hashKv(member, revision)));
        Map<Integer, Long> votes = new LinkedHashMap<>();
        hashes.values().forEach(hash -> votes.merge(hash, 1L, Long::sum));
        int majority = votes.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
        List<String> problems = new ArrayList<>();
        hashes.forEach((member, hash) -> {
            if (hash != majority) {
                problems.add(member + ": HashKV at revision " + revision + " is " + Integer.toUnsignedString(hash)
                        + ", the others' " + Integer.toUnsignedString(majority));
            }
        });
        return new ScrubSummary(1, problems.size(), 0, 0, 0, problems.isEmpty(), problems);
    }

    private Map<String, Long> revisions() {
        Map<String, Long> revisions = new LinkedHashMap<>();
        for (EtcdCluster.Member member : etcd.members()) {
            Optional<MemberStatus> status = etcd.status(member.name());
            status.ifPresent(s -> revisions.put(member.name(), s.revision()));
        }
        return revisions;
    }

    @Override
    public void close() {
        clients.forEach(EtcdCanaryClient::close);
    }
}
