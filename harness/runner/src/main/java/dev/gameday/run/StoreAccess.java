package dev.gameday.run;

import dev.gameday.canary.CanaryClient;
import dev.gameday.canary.HistoryRecorder;
import dev.gameday.canary.ProcessIds;
import dev.gameday.canary.RegisterKeys;
import dev.gameday.nemesis.Corruption;
import dev.gameday.nemesis.Endpoint;
import dev.gameday.nemesis.ExecutedFault;
import dev.gameday.report.ScrubSummary;
import java.time.Duration;
import java.util.List;

/**
 * What a run needs from the store besides the {@link dev.gameday.nemesis.Cluster}: canary clients
 * and the checks after healing. The DynamoDB implementation comes with the container cluster.
 */
public interface StoreAccess {

    /** A client in {@code clientAz} that sends to {@code endpoint} (through the fault proxy). */
    CanaryClient client(String clientAz, Endpoint endpoint);

    /**
     * The deliberate bugs switched on in the system under test, by name; empty for the correct system. A run
     * that fails or comes out unknown with none is a false alarm (see {@code ./gameday runs}).
     */
    List<String> deliberateBugs();

    /**
     * The names of the workload's {@code count} hot register keys in {@code table}, which has {@code partitions}
     * partitions. A system that places keys in replication groups by their name spreads them so that every group
     * has its share ({@link RegisterKeys#spread}); the default is {@code r0..r(count-1)}.
     */
    default RegisterKeys registerKeys(String table, int partitions, int count) {
        return RegisterKeys.plain(count);
    }

    /** The clients' per-call timeout: it bounds how long a call to a paused node can hang. */
    Duration callTimeout();

    /**
     * After every fault has healed and the canary has stopped: reads the whole key space with
     * ConsistentRead scans, recording each as a {@code :final-read} op whose value is the map of
     * key to value (what the durability checker judges), then runs scrub and returns its report,
     * judged against the corruptions the nemesis {@code injected}. A system that reports storage incidents
     * also names those that none of the {@code executed} faults explains ({@link ScrubSummary#unexplained()}).
     */
    ScrubSummary finalReadsAndScrub(
            HistoryRecorder recorder, ProcessIds processIds, List<Corruption> injected, List<ExecutedFault> executed)
            throws Exception;
}
