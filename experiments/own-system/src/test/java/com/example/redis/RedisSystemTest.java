package com.example.redis;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.canary.ClassifiedCallException;
import dev.gameday.canary.Command;
import dev.gameday.canary.Outcome;
import dev.gameday.cluster.PowerOffMode;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.experiment.TimeScale;
import dev.gameday.history.OpType;
import dev.gameday.schedule.PlannedExperiment;
import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.system.SystemBoot;
import dev.gameday.system.Systems;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example without Docker, in every build: the adapters are installed, the shipped file plans and is accepted, a
 * fault Redis does not take is refused at its line, and the canary client says {@code :fail} for every call that
 * never reached Redis.
 */
class RedisSystemTest {

    private static final Path REPO = Path.of(System.getProperty("gameday.repo.dir", "../.."));

    @TempDir
    Path dir;

    private static SystemBoot boot(Path file) throws Exception {
        LoadedExperiment loaded = new ExperimentLoader().load(file);
        return new SystemBoot(
                PlannedExperiment.plan(
                        loaded,
                        TimeScale.REAL_TIME,
                        new RedisSystem().topology(loaded.experiment().cluster())),
                null,
                null,
                BugSwitches.none(),
                Set.of(),
                PowerOffMode.SIGKILL);
    }

    @Test
    void theAdaptersAreInstalledFromTheServiceFileAndPowerOffIsAPowerLoss() {
        assertTrue(
                Systems.installed().names().containsAll(List.of("redis", "redis-without-aof", "redis-fsync-everysec")));
        assertEquals(PowerOffMode.POWER_LOSS, new RedisSystem().defaultPowerOff());
    }

    @Test
    void theShippedFilesPlanAgainstTheOnePrimaryAndAreAccepted() throws Exception {
        for (String file : List.of(
                "experiments/redis-primary.yaml",
                "experiments/own-system/redis-without-aof.yaml",
                "experiments/own-system/redis-fsync-everysec.yaml")) {
            SystemBoot boot = boot(REPO.resolve(file));
            assertEquals(List.of("az1-redis-1"), boot.planned().topology().storageNodeNames(null));
            boot.planned().plan().faults().forEach(f -> assertEquals(List.of("az1-redis-1"), f.nodes()));
            assertDoesNotThrow(() -> RedisSystem.refuseWhatRedisCannotDo(boot));
        }
    }

    @Test
    void aPartitionIsRefusedAtItsLine() throws Exception {
        String shipped = Files.readString(REPO.resolve("experiments/redis-primary.yaml"));
        Path file = Files.writeString(
                dir.resolve("partitioned.yaml"),
                shipped.replace(
                        "{type: pause, target: {random: {count: 1}}",
                        "{type: partition, partition: {shape: isolate}, target: {random: {count: 1}}"));
        SystemBoot boot = boot(file);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RedisSystem.refuseWhatRedisCannotDo(boot));
        int line = 1
                + List.of(shipped.split("\n"))
                        .indexOf("      - {type: pause, target: {random: {count: 1}}, at: 1m10s, duration: 20s}");
        assertTrue(e.getMessage().contains("partitioned.yaml:" + line), e.getMessage());
        assertTrue(e.getMessage().contains("takes power-off and pause faults, not partition"), e.getMessage());
    }

    @Test
    void callsThatNeverReachedRedisAreFailNotInfo() throws Exception {
        Command read = new Command("read", "k1", null, 0);
        int closedPort;
        try (ServerSocket unused = new ServerSocket(0)) {
            closedPort = unused.getLocalPort();
        }
        assertEquals(new Outcome(OpType.FAIL, "connection-refused"), outcome(closedPort, read));
        try (ServerSocket silent = new ServerSocket(0)) {
            // Accepts (the kernel does, as for a paused server) and never answers the PING.
            assertEquals(new Outcome(OpType.FAIL, "no-pong"), outcome(silent.getLocalPort(), read));
        }
        try (ServerSocket loading = new ServerSocket(0)) {
            Thread server =
                    new Thread(() -> answerOnce(loading, "-LOADING Redis is loading the dataset in memory\r\n"));
            server.start();
            assertEquals(new Outcome(OpType.FAIL, "loading"), outcome(loading.getLocalPort(), read));
            server.join();
        }
    }

    private static Outcome outcome(int port, Command command) {
        RedisCanaryClient client =
                new RedisCanaryClient(URI.create("redis://127.0.0.1:" + port), Duration.ofMillis(300));
        return assertThrows(ClassifiedCallException.class, () -> client.execute(command))
                .outcome();
    }

    private static void answerOnce(ServerSocket server, String reply) {
        try (Socket socket = server.accept();
                OutputStream out = socket.getOutputStream()) {
            out.write(reply.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.getInputStream().readNBytes(14); // the PING, so the client sees the reply before the close
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
