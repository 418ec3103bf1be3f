package dev.gameday.cluster;

import dev.gameday.experiment.PartitionSpec.Blocked;
import dev.gameday.nemesis.Block;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Container.ExecResult;

/**
 * Partitions as iptables rules inside the members' containers ({@code docker exec}). Every rule
 * carries its fault's comment; healing lists each member's rules and deletes exactly those, so
 * rules of other faults stay. Members are changed in parallel, one exec each: on a loaded machine
 * an exec takes up to a second, and a partition that forms member by member is not the one planned. A container that is not running (powered off) is skipped: its
 * network namespace, and the rules in it, are recreated when it is powered on. A paused member
 * (SIGSTOP'd process) still takes rules: {@code docker exec} starts a new process beside it.
 */
public final class IptablesPartitions {

    private static final Logger log = LoggerFactory.getLogger(IptablesPartitions.class);

    /**
     * The containers rules go into: the store's nodes and routers, or another system's members. A member is named
     * as the partition's {@link Block}s and the {@link PartitionRules} name it.
     */
    public interface Members {
        /** Every member that may hold rules: healing looks for a fault's rules in each. */
        List<String> partitionableMembers();

        /** Whether the member's container runs (a paused one does); a stopped one has no network namespace. */
        boolean isMemberRunning(String member);

        /** Runs {@code command} inside the member's container and waits for it. */
        ExecResult exec(String member, List<String> command);
    }

    private final Members cluster;
    private final PartitionRules rules;

    public IptablesPartitions(Members cluster, PartitionRules rules) {
        this.cluster = cluster;
        this.rules = rules;
    }

    /**
     * Installs the blocks' rules, one {@code docker exec} per member, all members at once (a partition
     * should start everywhere at the same moment); returns them as installed (skipped members left out).
     */
    public List<FilterRule> partition(int faultId, List<Block> blocks, Blocked blocked) {
        Map<String, List<FilterRule>> byMember = new LinkedHashMap<>();
        for (FilterRule rule : rules.rules(faultId, blocks, blocked)) {
            byMember.computeIfAbsent(rule.member(), m -> new ArrayList<>()).add(rule);
        }
        List<FilterRule> installed = new CopyOnWriteArrayList<>();
        onEachMember(byMember.keySet(), "partition " + faultId, member -> {
            run(
                    member,
                    List.of(
                            "sh",
                            "-c",
                            byMember.get(member).stream()
                                    .map(rule -> shellWords(rule.addCommand()))
                                    .collect(Collectors.joining(" && "))));
            installed.addAll(byMember.get(member));
        });
        log.info("partition {}: {} rules in {} members", faultId, installed.size(), byMember.size());
        return List.copyOf(installed);
    }

    /**
     * Deletes the rules of {@code faultId} from every member, all at once, one
     * {@code docker exec} each that lists the rules and deletes those with the fault's comment;
     * idempotent.
     */
    public void heal(int faultId) {
        String comment = FilterRule.comment(faultId);
        // iptables -S prints a rule as it was added; "-A" becomes "-D" to delete exactly that rule.
        String deleteTagged = "iptables -S | grep -E -e '--comment \"?" + comment + "\"?( |$)'"
                + " | sed 's/^-A /-D /' | while read -r rule; do eval iptables \"$rule\" || exit 1; done";
        onEachMember(
                cluster.partitionableMembers(),
                "heal of partition " + faultId,
                member -> run(member, List.of("sh", "-c", deleteTagged)));
        log.info("healed partition {}", faultId);
    }

    private void onEachMember(Collection<String> members, String what, Consumer<String> action) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, members.size()));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (String member : members) {
                running.add(pool.submit(() -> {
                    if (!skipped(member, what)) {
                        action.accept(member);
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The words of a command for {@code sh -c}, each single-quoted. */
    private static String shellWords(List<String> words) {
        return words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }

    private boolean skipped(String member, String what) {
        if (cluster.isMemberRunning(member)) {
            return false;
        }
        log.info("{}: {} is not running, skipped (powering it on starts it without rules)", what, member);
        return true;
    }

    private ExecResult run(String member, List<String> command) {
        ExecResult result = cluster.exec(member, command);
        if (result.getExitCode() != 0) {
            throw new IllegalStateException("in container " + member + ": '" + String.join(" ", command) + "' exited "
                    + result.getExitCode() + ": " + result.getStderr().strip());
        }
        return result;
    }
}
