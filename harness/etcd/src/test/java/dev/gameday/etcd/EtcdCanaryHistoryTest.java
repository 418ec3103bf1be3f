package dev.gameday.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.canary.Command;
import dev.gameday.canary.HistoryRecorder;
import dev.gameday.history.HistoryReader;
import dev.gameday.history.HistoryWriter;
import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real jetcd client's failed calls as the runner records them in history.edn (without Docker: a closed port
 * and a listener that never answers stand for a dead and a frozen member).
 */
class EtcdCanaryHistoryTest {

    @TempDir
    Path dir;

    @Test
    void aRefusedConnectionIsAFailureAndNoAnswerIsUnknown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<Socket> accepted = new ArrayList<>();
        Path file = dir.resolve("history.edn");
        try (ServerSocket silent = new ServerSocket(0);
                HistoryWriter writer = new HistoryWriter(file)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // The test is over.
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            HistoryRecorder recorder = new HistoryRecorder(writer, List.of());
            Map<String, Object> where = Map.of("az", "az1", "endpoint", "az1-etcd-1");
            // A refused connect is answered as soon as it is tried, so a long timeout costs nothing when the test
            // passes; 3 s was too short once on a loaded machine, where the first call of the JVM (gRPC's and
            // Netty's classes) timed out before it tried to connect, and the write was recorded unknown.
            try (EtcdCanaryClient dead = new EtcdCanaryClient(
                            List.of(URI.create("http://127.0.0.1:" + closedPort)), Duration.ofSeconds(30));
                    EtcdCanaryClient frozen = new EtcdCanaryClient(
                            List.of(URI.create("http://127.0.0.1:" + silent.getLocalPort())),
                            Duration.ofMillis(1500))) {
                Command write = new Command("write", "r1", 1L, 10);
                recorder.record(0, write.f(), write.key(), write.value(), where, () -> dead.execute(write));
                Command cas = new Command("cas", "r1", List.of(1L, 2L), 10);
                long started = System.nanoTime();
                recorder.record(1, cas.f(), cas.key(), cas.value(), where, () -> frozen.execute(cas));
                long tookMillis = (System.nanoTime() - started) / 1_000_000;
                assertTrue(tookMillis < 5000, "the call timeout bounds the call: took " + tookMillis + " ms");
            }
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }

        List<Op> history = HistoryReader.read(file);
        assertEquals(4, history.size(), history::toString);
        Op refused = history.get(1);
        assertEquals(OpType.FAIL, refused.type(), refused::toString);
        assertEquals("connection-refused", refused.extra().get("error"));
        assertEquals(1L, refused.value(), "a failure keeps what was attempted");
        Op unknown = history.get(3);
        assertEquals(OpType.INFO, unknown.type(), unknown::toString);
        assertEquals("timeout", unknown.extra().get("error"));
        assertEquals(List.of(1L, 2L), unknown.value());
    }
}
