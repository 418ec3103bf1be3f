package dev.gameday.store.server.raft;

import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.bugs.StoreBug;
import dev.gameday.store.api.config.RaftTimings;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.TimeDuration;

/** Ratis properties for servers and clients of this store, in one place so both sides agree. */
public final class RaftSettings {
    /**
     * How long a leader's log appender waits after its n-th failed call to a follower: Ratis' default steps, but
     * the last one never runs out. Ratis' default ({@code 1ms,10, 1s,20, 5s,1000}) runs out after 1,030 failures,
     * and from then on the appender waits nothing: a leader whose follower was powered off (each new entry wakes
     * the appender, which fails at once, 50-100 times a second per group) reached the end after about 20 s and
     * then spun, at 130% CPU and 400 MB/s of garbage on 2 cores, until the follower came back (az-power-off,
     * 2026-12-06; every call of the cluster slowed down with it).
     */
    static final String APPENDER_RETRY_POLICY = "1ms,10, 1s,20, 5s," + Integer.MAX_VALUE;

    private RaftSettings() {}

    public static RaftProperties client(RaftTimings timings) {
        RaftProperties p = new RaftProperties();
        // gRPC is Ratis' most used transport; with Netty, calls to a dead peer held channels (and the
        // router's calls to live peers with them) for seconds after a power-off.
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        RaftClientConfigKeys.Rpc.setRequestTimeout(
                p, TimeDuration.valueOf(timings.electionMaxMillis(), TimeUnit.MILLISECONDS));
        return p;
    }

    public static RaftProperties server(RaftTimings timings, Path storageDir, int port, BugSwitches bugs) {
        RaftProperties p = client(timings);
        RaftServerConfigKeys.setStorageDir(p, List.of(new File(storageDir.toString())));
        GrpcConfigKeys.Server.setPort(p, port);
        RaftServerConfigKeys.Rpc.setTimeoutMin(
                p, TimeDuration.valueOf(timings.electionMinMillis(), TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(
                p, TimeDuration.valueOf(timings.electionMaxMillis(), TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(
                p, TimeDuration.valueOf(timings.electionMaxMillis(), TimeUnit.MILLISECONDS));
        // Read-only requests of the metadata group use Ratis' ReadIndex. ConsistentRead=true on a data group does not:
        // its state machine confirms the leader with a majority itself (PartitionStateMachine, LeaderConfirmation).
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        // Replicas persist applied state in RocksDB and skip already-applied entries on replay, so the Raft log is
        // the whole history: no snapshots, no log purge (see PartitionStateMachine).
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, false);
        // A log entry that fails its checksum when a replica starts (its disk corrupted the tail while it was off)
        // must not keep the replica down: Ratis keeps the entries before it, truncates the open segment there, and
        // the leader sends the rest again. RaftLogRecovery records it as an incident.
        RaftServerConfigKeys.Log.setCorruptionPolicy(p, RaftServerConfigKeys.Log.CorruptionPolicy.WARN_AND_RETURN);
        // The store acknowledges a write once a majority has it in its log, which is only durable if "has it" means
        // fsync returned. The bug switch makes Ratis advance its flush index before the fsync (unsafe flush).
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(p, bugs.isOn(StoreBug.RAFT_LOG_UNSAFE_FLUSH));
        RaftServerConfigKeys.Log.Appender.setRetryPolicy(p, APPENDER_RETRY_POLICY);
        return p;
    }
}
