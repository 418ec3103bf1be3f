package dev.gameday.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.experiment.LinkSpec;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad toxics are refused, by name, before the fault proxy is asked anything. */
class LinkFaultsTest {

    /** Nothing listens here: a test that reached the proxy would fail with a connection error instead. */
    private final LinkFaults links = new LinkFaults(new ToxiproxyClient("127.0.0.1", freeLoopbackPort()));

    @Test
    void anUnknownAttributeIsNamed() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> links.degrade(
                        1,
                        List.of("canary-to-az1-router-1"),
                        List.of(toxic("latency", "both", Map.of("latncy", 300L)))));
        assertTrue(e.getMessage().contains("[latncy]") && e.getMessage().contains("latency"), e.getMessage());
    }

    @Test
    void anUnknownTypeOrStreamIsNamed() {
        IllegalArgumentException type = assertThrows(
                IllegalArgumentException.class,
                () -> links.degrade(1, List.of("p"), List.of(toxic("jitter", "both", Map.of()))));
        assertTrue(type.getMessage().contains("'jitter'"), type.getMessage());

        IllegalArgumentException stream = assertThrows(
                IllegalArgumentException.class,
                () -> links.degrade(1, List.of("p"), List.of(toxic("latency", "sideways", Map.of()))));
        assertTrue(stream.getMessage().contains("'sideways'"), stream.getMessage());
    }

    @Test
    void aProxyThatDoesNotAnswerIsNamedWithThePath() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> links.degrade(
                        1,
                        List.of("raft-to-az2-storage-1"),
                        List.of(toxic("latency", "both", Map.of("latency", 10L)))));
        assertTrue(e.getMessage().contains("raft-to-az2-storage-1"), e.getMessage());
    }

    @Test
    void toxicNamesCarryTheFaultTheToxicAndTheStream() {
        assertEquals("gameday-fault-12-2-upstream", LinkFaults.toxicName(12, 2, ToxicDirection.UPSTREAM));
    }

    private static LinkSpec.Toxic toxic(String type, String stream, Map<String, Long> attributes) {
        return new LinkSpec.Toxic(type, stream, null, attributes);
    }

    /** A port nobody listens on: the client is never used to reach a proxy in these tests. */
    private static int freeLoopbackPort() {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }
}
