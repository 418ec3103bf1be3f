package dev.gameday.etcd;

import dev.gameday.canary.CanaryClient;
import dev.gameday.canary.ClientBug;
import dev.gameday.canary.Command;
import dev.gameday.canary.HistoryRecorder;
import dev.gameday.canary.ProcessIds;
import dev.gameday.nemesis.Corruption;
import dev.gameday.nemesis.Endpoint;
import dev.gameday.nemesis.ExecutedFault;
import dev.gameday.report.ScrubSummary;
import dev.gameday.run.FinalReads;
import dev.gameday.run.StoreAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
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
 * serving member's hash at the lowest revision they all report is compared: one group checked, a mismatch per member
 * whose hash is not the majority's, or that does not serve at all (a member whose corrupted files etcd refused to
 * start from), and etcd's own alarms (CORRUPT, from its corruption check) are listed too. An injected corruption
 * counts as detected when the scrub names its member; etcd repairs nothing itself (its operator replaces a corrupted
 * member), so the summary is detect-only and {@code clean} means no member is named without a corruption injected.
 * A member its operator replaced during the run ({@code repair: replace-member}, {@link EtcdMemberReplacement}) counts
 * as detected by what etcd showed then (it exited, or raised CORRUPT) and as repaired by that replacement, if the scrub
 * finds it agreeing with the others now; its verdict says so ({@code operatorRepair}).
 */
final class EtcdStoreAccess implements StoreAccess, AutoCloseable {

    /** Above etcd's election timeout (2 s) and a proposal's wait for a new leader, as the store's is above its. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** The final read waits longer: its one answer decides what the durability checker sees. */
    private static final Duration FINAL_READ_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration SCRUB_TIMEOUT = Duration.ofMinutes(1);
    /** etcd 3.4.23's periodic corruption check raised its alarm with member id 0 (seen in etcd-bit-rot runs). */
    static final String UNATTRIBUTED_CORRUPT = "CORRUPT on member 0";

    private final EtcdCluster etcd;
    private final Set<ClientBug> clientBugs;
    private final List<EtcdCanaryClient> clients = new CopyOnWriteArrayList<>();
    /** The operator's replacements of corrupted members (repair: replace-member), which the scrub reports. */
    private final EtcdMemberReplacement replacements;

    EtcdStoreAccess(EtcdCluster etcd, Set<ClientBug> clientBugs) {
        this.etcd = etcd;
        this.clientBugs = Set.copyOf(clientBugs);
        this.replacements = new EtcdMemberReplacement(etcd);
    }

    /** Where the nemesis replaces corrupted members, so that the scrub knows what etcd detected and who repaired. */
    EtcdMemberReplacement replacements() {
        return replacements;
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
    public ScrubSummary finalReadsAndScrub(
            HistoryRecorder recorder, ProcessIds processIds, List<Corruption> injected, List<ExecutedFault> executed) {
        List<FinalReads.Path> paths = etcd.members().stream()
                .map(member -> {
                    EtcdCanaryClient reader =
                            opened(new EtcdCanaryClient(List.of(member.canaryUrl()), FINAL_READ_TIMEOUT));
                    return new FinalReads.Path(member.name(), member.az(), reader::scanAll);
                })
                .toList();
        FinalReads.untilOneCompletes(recorder, processIds, paths);
        return scrub(injected);
    }

    /**
     * Every serving member's HashKV at the lowest revision they all report, once every running member answers;
     * members that do not run (etcd exited) or do not answer, and etcd's alarms, named too; each injected corruption
     * judged detected when its member is named.
     */
    ScrubSummary scrub(List<Corruption> injected) {
        Map<String, Long> revisions = Awaitility.await("every running etcd member's status for the scrub")
                .atMost(SCRUB_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(this::revisions, r -> r.size() == runningMembers());
        Map<String, String> named = new LinkedHashMap<>();
        for (EtcdCluster.Member member : etcd.members()) {
            if (!revisions.containsKey(member.name())) {
                List<String> fatal = etcd.fatalLogLines(member.name());
                named.put(
                        member.name(),
                        member.name() + ": not serving ("
                                + (etcd.isRunning(member.name()) ? "runs, answers no status" : "etcd exited") + ")"
                                + (fatal.isEmpty() ? "" : "; its log: " + String.join(" | ", fatal)));
            }
        }
        long mismatches = named.size();
        if (!revisions.isEmpty()) {
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
            for (Map.Entry<String, Integer> hash : hashes.entrySet()) {
                if (hash.getValue() != majority) {
                    mismatches++;
                    named.put(
                            hash.getKey(),
                            hash.getKey() + ": HashKV at revision " + revision + " is "
                                    + Integer.toUnsignedString(hash.getValue()) + ", the others' "
                                    + Integer.toUnsignedString(majority));
                }
            }
        }
        List<String> problems = new ArrayList<>(named.values());
        List<String> alarms = etcd.alarms();
        alarms.forEach(alarm -> problems.add("etcd alarm " + alarm));
        Set<String> corrupted = new HashSet<>();
        injected.forEach(c -> corrupted.add(c.node()));
        List<ScrubSummary.CorruptionVerdict> verdicts = new ArrayList<>();
        for (Corruption c : injected) {
            // A member replaced by its operator serves copied data now: its detection is what etcd showed then.
            Optional<EtcdMemberReplacement.Replacement> replacement = replacements.of(c.faultId(), c.node());
            boolean detectedThen = replacement.map(r -> r.detection() != null).orElse(false);
            boolean detected = detectedThen
                    || named.containsKey(c.node())
                    || alarms.stream().anyMatch(a -> alarmPointsAt(a, c.node(), corrupted));
            boolean replaced =
                    replacement.map(EtcdMemberReplacement.Replacement::replaced).orElse(false)
                            && !named.containsKey(c.node());
            verdicts.add(new ScrubSummary.CorruptionVerdict(
                    c.faultId(),
                    c.toString(),
                    c.group(),
                    c.node(),
                    detected,
                    replaced,
                    replacement.map(EtcdMemberReplacement.Replacement::summary).orElse(null)));
        }
        boolean onlyCorrupted = corrupted.containsAll(named.keySet())
                && alarms.stream()
                        .allMatch(a -> corrupted.stream().anyMatch(node -> alarmPointsAt(a, node, corrupted)));
        return new ScrubSummary(
                1,
                mismatches,
                injected.size(),
                verdicts.stream()
                        .filter(ScrubSummary.CorruptionVerdict::detected)
                        .count(),
                verdicts.stream()
                        .filter(ScrubSummary.CorruptionVerdict::repaired)
                        .count(),
                onlyCorrupted,
                problems,
                verdicts,
                true,
                List.of());
    }

    /**
     * Whether etcd's {@code alarm} (as {@link EtcdCluster#alarms()} words it) points at {@code member}: it names the
     * member, or it is the CORRUPT alarm etcd 3.4's periodic check raises with member id 0, which names nobody, and
     * {@code member} is the one member the run corrupted.
     */
    static boolean alarmPointsAt(String alarm, String member, Set<String> corrupted) {
        return alarm.endsWith(" on " + member)
                || (alarm.equals(UNATTRIBUTED_CORRUPT) && corrupted.equals(Set.of(member)));
    }

    private long runningMembers() {
        return etcd.members().stream().filter(m -> etcd.isRunning(m.name())).count();
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
