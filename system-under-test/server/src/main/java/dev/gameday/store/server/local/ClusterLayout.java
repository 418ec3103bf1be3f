package dev.gameday.store.server.local;

import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.config.ArchiveConfig;
import dev.gameday.store.api.config.ClusterConfig;
import dev.gameday.store.api.config.NodeConfig;
import dev.gameday.store.api.config.RaftTimings;
import dev.gameday.store.api.config.RouterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Generates the config of a loopback cluster: storage nodes in three AZs, routers, an archive store, free ports. */
public final class ClusterLayout {
    /** Fixed ports are taken from here up to the ephemeral range, from a random start so that clusters differ. */
    private static final int FIRST_FIXED_PORT = 10_000;
    /** The kernel's ephemeral range starts here; read once, not for every port a cluster layout asks for. */
    private static final int EPHEMERAL_LOW = ephemeralLow();

    private static final AtomicInteger nextFixedPort =
            new AtomicInteger(ThreadLocalRandom.current().nextInt(20_000));

    public static final String ACCESS_KEY = "gameday";
    public static final String SECRET_KEY = "gameday-secret";
    public static final String REGION = "us-east-1";
    private static final String HOST = "127.0.0.1";
    /** Scheduled scrub of every group; longer than any test, which scrub on demand. */
    private static final long SCRUB_EVERY_MILLIS = 10 * 60 * 1000;

    private static final List<String> AZS = List.of("az-a", "az-b", "az-c");

    private ClusterLayout() {}

    public static ClusterConfig loopback(Path dir, int routers, int replicationGroups, BugSwitches bugs) {
        return loopback(dir, 1, routers, replicationGroups, bugs);
    }

    /** Nodes n1, n2, n3 are in az-a, az-b, az-c, then n4, n5, n6 again, and so on. */
    public static ClusterConfig loopback(
            Path dir, int nodesPerAz, int routers, int replicationGroups, BugSwitches bugs) {
        if (nodesPerAz < 1) {
            throw new IllegalArgumentException("nodesPerAz must be >= 1, got " + nodesPerAz);
        }
        List<NodeConfig> nodes = new ArrayList<>();
        for (int i = 0; i < AZS.size() * nodesPerAz; i++) {
            String id = "n" + (i + 1);
            nodes.add(new NodeConfig(
                    id,
                    AZS.get(i % AZS.size()),
                    HOST,
                    freePort(),
                    freePort(),
                    dir.resolve("data").resolve(id)));
        }
        List<RouterConfig> routerConfigs = new ArrayList<>();
        for (int i = 0; i < routers; i++) {
            routerConfigs.add(
                    new RouterConfig("r" + (i + 1), AZS.get(i % AZS.size()), HOST, freePort(), freePort(), 32));
        }
        ArchiveConfig archive = new ArchiveConfig(
                HOST,
                freePort(),
                freePort(),
                dir.resolve("data").resolve("archive"),
                "gameday-archive",
                "archive",
                "archive-secret",
                1000,
                2000);
        return new ClusterConfig(
                REGION,
                Map.of(ACCESS_KEY, SECRET_KEY),
                nodes,
                routerConfigs,
                archive,
                replicationGroups,
                SCRUB_EVERY_MILLIS,
                RaftTimings.defaults(),
                bugs);
    }

    /**
     * A port free right now, for a process that binds it moments later (loopback, same machine). Taken below the
     * kernel's ephemeral range: a port from that range (what {@code new ServerSocket(0)} hands out) can be taken in the
     * meantime as the local end of an outgoing connection, such as one of the cluster's own gRPC calls, and then its
     * owner fails with "Address already in use" (it happened to a storage node's admin port during the image build).
     */
    public static int freePort() {
        int below = EPHEMERAL_LOW;
        if (below - FIRST_FIXED_PORT < 1_000) {
            return anyFreePort();
        }
        for (int tries = 0; tries < below - FIRST_FIXED_PORT; tries++) {
            int port = FIRST_FIXED_PORT + Math.floorMod(nextFixedPort.getAndIncrement(), below - FIRST_FIXED_PORT);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
                return port;
            } catch (IOException taken) {
                // in use: try the next one
            }
        }
        return anyFreePort();
    }

    private static int anyFreePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first port of the kernel's ephemeral range (Linux), or 32768, its default, when it cannot be read. */
    private static int ephemeralLow() {
        try {
            // Read as lines: Files.readString of this /proc file returned only its first byte.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .get(0)
                    .trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
