package dev.gameday.etcd;

import dev.gameday.cluster.ContainerStateChange;
import dev.gameday.experiment.DurationText;
import dev.gameday.nemesis.MemberReplacement;
import dev.gameday.nemesis.NemesisException;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.cluster.Member;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.testcontainers.containers.Container.ExecResult;

/**
 * etcd's runbook for a corrupted member, done by the harness when a {@code corrupt} fault with
 * {@code repair: replace-member} ends (etcd 3.4's op-guide, "Data Corruption", "Replace member"). etcd repairs nothing
 * itself: a member whose files it cannot read exits and stays down, and once its leader's periodic check finds a
 * member's HashKV off it raises the CORRUPT alarm and refuses every write of the cluster until an operator acts. So:
 * <ol>
 *   <li>wait until etcd has detected the corruption: the member exited, or a CORRUPT alarm is up (at most three of
 *       the members' 10 s check periods; a change etcd does not detect leaves the member as it is, said so);</li>
 *   <li>stop the member (SIGKILL), move its data directory aside ({@code data/<member>.replaced-after-fault-<id>}
 *       in the run directory: kept for inspection, removed with {@code data/} after a passing run unless
 *       {@code --keep-data}) and leave an empty one;</li>
 *   <li>{@code member remove} its id, then {@code member add} its peer URL again, through a serving member;</li>
 *   <li>start it with {@code --initial-cluster-state existing}; it joins and is sent a snapshot; wait until it
 *       serves, caught up with the leader;</li>
 *   <li>{@code etcdctl alarm disarm}: writes resume.</li>
 * </ol>
 * Each step goes to the runner as it is done (nemesis.log, the fault's changes in results.json), and what was detected
 * and replaced is kept for the scrub ({@link #of}), which reports the corruption as detected by etcd and repaired by
 * its operator, never as etcd's own repair.
 */
final class EtcdMemberReplacement implements MemberReplacement {

    /** What a replacement found and did, for the scrub: {@code detection} is null when etcd detected nothing. */
    record Replacement(int faultId, String member, String detection, boolean replaced) {

        /** For the scrub's verdict: how etcd detected the corruption and what its operator did. */
        String summary() {
            if (detection == null) {
                return "etcd detected nothing within " + DurationText.format(DETECTION_WAIT)
                        + " of the fault's end; the operator kept " + member;
            }
            return "detected: " + detection + "; " + member + " replaced by its operator (repair: replace-member):"
                    + " member remove, data directory moved aside, member add, started joining the cluster, alarm"
                    + " disarmed (each step's time in nemesis.log and fault #" + faultId + "'s changes)";
        }
    }

    /** etcd's leader compares every 10 s; three periods leave room for a member slow to start on a busy machine. */
    static final Duration DETECTION_WAIT = EtcdContainer.CORRUPT_CHECK_EVERY.multipliedBy(3);

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(250);
    /** How long an operator waits before asking again for a membership change etcd refused as unsafe now. */
    private static final Duration RECONFIGURE_AGAIN = Duration.ofSeconds(1);
    /** How long a member's last words take to reach its log file after it exited. */
    private static final Duration LOG_CATCH_UP = Duration.ofSeconds(2);

    private final EtcdCluster etcd;
    /** By fault id and member, in the order they were done. */
    private final Map<String, Replacement> done = new ConcurrentHashMap<>();

    EtcdMemberReplacement(EtcdCluster etcd) {
        this.etcd = etcd;
    }

    /** What the replacement after fault {@code faultId} found and did for {@code member}, if one ran. */
    Optional<Replacement> of(int faultId, String member) {
        return Optional.ofNullable(done.get(key(faultId, member)));
    }

    @Override
    public void replaceCorrupted(int faultId, String node, Consumer<String> steps) throws NemesisException {
        if (done.containsKey(key(faultId, node))) {
            return; // a heal retried after a later step failed elsewhere: this member is done
        }
        Instant deadline = Instant.now().plus(LONGEST);
        try {
            Optional<String> detection = awaitDetection(node);
            if (detection.isEmpty()) {
                steps.accept("etcd detected no corruption of " + node + " within " + DurationText.format(DETECTION_WAIT)
                        + " (it runs, no CORRUPT alarm): kept as it is");
                done.put(key(faultId, node), new Replacement(faultId, node, null, false));
                return;
            }
            steps.accept("detected: " + detection.get());
            // The operator's requests go to a member that serves: the leader, which is never the corrupted member
            // here (it was off or is refused by the others' hashes).
            String helper = etcd.awaitLeader(remaining(deadline), node);
            try (Client client = etcd.clientOf(helper, CALL_TIMEOUT)) {
                Optional<Long> oldId = memberId(client, node);
                if (etcd.isRunning(node)) {
                    ContainerStateChange.await(
                            "power off", node, () -> etcd.powerOff(node), () -> !etcd.isRunning(node));
                    steps.accept("stopped " + node + " (SIGKILL)");
                }
                Path kept = etcd.dataRoot().resolve(node + ".replaced-after-fault-" + faultId);
                etcd.emptyDataDirToJoin(node, kept);
                steps.accept("moved " + node + "'s data directory to "
                        + etcd.runDir().relativize(kept) + " (kept for inspection), an empty one in its place");
                if (oldId.isPresent()) {
                    String refused =
                            untilHealthy(() -> client.getClusterClient().removeMember(oldId.get()), deadline);
                    steps.accept("member remove " + hex(oldId.get()) + " (" + node + "), through " + helper + refused);
                }
                String peerUrl = etcd.peerUrl(node);
                AtomicReference<Member> added = new AtomicReference<>();
                String refused = untilHealthy(
                        () -> client.getClusterClient()
                                .addMember(List.of(URI.create(peerUrl)))
                                .thenAccept(response -> added.set(response.getMember())),
                        deadline);
                steps.accept("member add " + node + " --peer-urls=" + peerUrl + ", through " + helper + ": member "
                        + hex(added.get().getId()) + refused);
                Instant starting = Instant.now();
                ContainerStateChange.await(
                        "power on", node, () -> etcd.powerOn(node), () -> etcd.startedSince(node, starting));
                MemberStatus joined = awaitCaughtUp(node, helper, deadline);
                steps.accept(node + " started with --initial-cluster-state existing: member " + hex(joined.memberId())
                        + ", raft index " + joined.raftIndex() + ", revision " + joined.revision());
                // etcdctl, not jetcd: etcd 3.4 raises CORRUPT with member id 0, which jetcd's alarmDisarm refuses
                // ("the member id can not be 0"); etcdctl disarms every alarm it lists, as the runbook's command does.
                ExecResult disarm = etcd.exec(
                        helper,
                        "etcdctl",
                        "--endpoints=http://127.0.0.1:" + EtcdContainer.CLIENT_PORT,
                        "alarm",
                        "disarm");
                if (disarm.getExitCode() != 0) {
                    throw new IllegalStateException("etcdctl alarm disarm in " + helper + " exited "
                            + disarm.getExitCode() + ": " + disarm.getStderr().strip());
                }
                String disarmed =
                        String.join(", ", disarm.getStdout().strip().lines().toList());
                steps.accept(
                        disarmed.isEmpty()
                                ? "etcdctl alarm disarm: no alarm up"
                                : "etcdctl alarm disarm, through " + helper + ": " + disarmed + "; writes resume");
            }
            done.put(key(faultId, node), new Replacement(faultId, node, detection.get(), true));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new NemesisException("replacing the corrupted etcd member " + node + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NemesisException("interrupted replacing the corrupted etcd member " + node, e);
        }
    }

    /**
     * How etcd showed that it found the corruption: the member exited (with its log's last fatal lines), or a CORRUPT
     * alarm is up; empty when neither happened within {@link #DETECTION_WAIT}.
     */
    private Optional<String> awaitDetection(String node) throws InterruptedException {
        Instant until = Instant.now().plus(DETECTION_WAIT);
        while (true) {
            if (!etcd.isRunning(node)) {
                List<String> fatal = etcd.fatalLogLines(node);
                for (Instant logged = Instant.now().plus(LOG_CATCH_UP);
                        fatal.isEmpty() && Instant.now().isBefore(logged);
                        fatal = etcd.fatalLogLines(node)) {
                    Thread.sleep(POLL.toMillis());
                }
                return Optional.of("etcd exited on " + node
                        + (fatal.isEmpty() ? "" : " (its log: " + String.join(" | ", fatal) + ")"));
            }
            Optional<String> corrupt = etcd.alarms().stream()
                    .filter(alarm -> alarm.startsWith("CORRUPT"))
                    .findFirst();
            if (corrupt.isPresent()) {
                return Optional.of("etcd raised the alarm " + corrupt.get()
                        + " (its periodic check; the cluster refuses every write until it is disarmed)");
            }
            if (Instant.now().isAfter(until)) {
                return Optional.empty();
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Sends a membership change until etcd takes it: etcd's strict reconfiguration check refuses one while a voting
     * member has been connected for less than 5 s ("unhealthy cluster"; a member that just joined) or too few have
     * started, and an operator tries again. Returns what was refused before, for the step ("" when nothing was).
     */
    private static String untilHealthy(Supplier<CompletableFuture<?>> change, Instant deadline)
            throws ExecutionException, InterruptedException, TimeoutException {
        int refusals = 0;
        String why = "";
        while (true) {
            try {
                change.get().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return refusals == 0 ? "" : " (refused " + refusals + " time(s) before: " + why + ")";
            } catch (ExecutionException e) {
                String message = String.valueOf(e.getCause().getMessage());
                boolean unsafeNow = message.contains("unhealthy cluster") || message.contains("not enough started");
                if (!unsafeNow || Instant.now().isAfter(deadline)) {
                    throw e;
                }
                refusals++;
                why = message;
                Thread.sleep(RECONFIGURE_AGAIN.toMillis());
            }
        }
    }

    /** The member's id in the cluster's member list, by name or, if it never started under it, by peer URL. */
    private Optional<Long> memberId(Client client, String node)
            throws ExecutionException, InterruptedException, TimeoutException {
        String peerUrl = etcd.peerUrl(node);
        return client
                .getClusterClient()
                .listMember()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .getMembers()
                .stream()
                .filter(m -> node.equals(m.getName())
                        || m.getPeerURIs().stream().anyMatch(u -> u.toString().equals(peerUrl)))
                .map(Member::getId)
                .findFirst();
    }

    /** Until the joined member answers with a Raft index at least the helper's when it was started. */
    private MemberStatus awaitCaughtUp(String node, String helper, Instant deadline) throws InterruptedException {
        long target = etcd.status(helper)
                .orElseThrow(() -> new IllegalStateException(helper + " stopped answering"))
                .raftIndex();
        while (true) {
            Optional<MemberStatus> status = etcd.status(node);
            if (status.isPresent() && status.get().raftIndex() >= target) {
                return status.get();
            }
            if (!etcd.isRunning(node)) {
                throw new IllegalStateException(node + " exited while joining: " + etcd.fatalLogLines(node));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(node + " did not catch up to raft index " + target + " within "
                        + DurationText.format(LONGEST) + " of the fault's end: " + status);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }

    private static String hex(long id) {
        return Long.toHexString(id);
    }

    private static String key(int faultId, String member) {
        return faultId + " " + member;
    }
}
