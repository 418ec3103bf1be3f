package dev.gameday.faultproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.Slicer;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API as the official Java client sees it: shapes it parses and the "[status] error" texts it reports. */
class ClientApiCompatibilityTest extends ProxyTestSupport {

    @Test
    void createdProxyReportsItsBoundAddressAndIsListed() throws Exception {
        Proxy proxy = echoProxy("shop");
        assertTrue(
                proxy.getListen().matches("127\\.0\\.0\\.1:\\d+")
                        && !proxy.getListen().endsWith(":0"),
                proxy.getListen());
        assertEquals(echo.address(), proxy.getUpstream());
        assertTrue(proxy.isEnabled());
        List<Proxy> listed = client.getProxies();
        assertEquals(1, listed.size());
        assertEquals(proxy.getListen(), listed.get(0).getListen());
    }

    @Test
    void duplicateProxyIsAConflict() throws Exception {
        echoProxy("twice");
        IOException error = assertThrows(IOException.class, () -> echoProxy("twice"));
        assertEquals("[409] proxy already exists", error.getMessage());
    }

    @Test
    void unknownProxyIsNotFound() {
        IOException error = assertThrows(IOException.class, () -> client.getProxy("missing"));
        assertEquals("[404] proxy not found", error.getMessage());
        assertNull(client.getProxyOrNull("missing"));
    }

    @Test
    void missingUpstreamIsABadRequest() {
        IOException error = assertThrows(IOException.class, () -> client.createProxy("no-upstream", "127.0.0.1:0", ""));
        assertEquals("[400] missing required field: upstream", error.getMessage());
    }

    @Test
    void busyListenAddressIsAServerError() throws Exception {
        Proxy first = echoProxy("first");
        IOException error =
                assertThrows(IOException.class, () -> client.createProxy("second", first.getListen(), echo.address()));
        assertTrue(error.getMessage().startsWith("[500] listen tcp " + first.getListen()), error.getMessage());
        assertNull(client.getProxyOrNull("second"), "a proxy that failed to bind was kept");
    }

    @Test
    void duplicateToxicIsAConflictAcrossStreams() throws Exception {
        Proxy proxy = echoProxy("toxic-twice");
        proxy.toxics().latency("lag", ToxicDirection.UPSTREAM, 10);
        IOException error =
                assertThrows(IOException.class, () -> proxy.toxics().latency("lag", ToxicDirection.DOWNSTREAM, 10));
        assertEquals("[409] toxic already exists", error.getMessage());
    }

    @Test
    void unknownToxicIsNotFound() throws Exception {
        Proxy proxy = echoProxy("no-toxic");
        IOException error = assertThrows(IOException.class, () -> proxy.toxics().get("missing"));
        assertEquals("[404] toxic not found", error.getMessage());
    }

    @Test
    void toxicsReadBackWithEveryAttribute() throws Exception {
        Proxy proxy = echoProxy("attributes");
        proxy.toxics().latency("lag", ToxicDirection.UPSTREAM, 120).setJitter(7);
        proxy.toxics().slicer("slices", ToxicDirection.DOWNSTREAM, 64, 1000).setSizeVariation(8);
        proxy.toxics().bandwidth("pace", ToxicDirection.DOWNSTREAM, 2048);
        proxy.toxics().slowClose("linger", ToxicDirection.UPSTREAM, 5);
        proxy.toxics().timeout("stall", ToxicDirection.UPSTREAM, 1000).remove();
        proxy.toxics().resetPeer("rst", ToxicDirection.DOWNSTREAM, 9).setToxicity(0.5f);
        proxy.toxics().limitData("cap", ToxicDirection.UPSTREAM, 4096);

        Latency lag = proxy.toxics().get("lag", Latency.class);
        assertEquals(120, lag.getLatency());
        assertEquals(7, lag.getJitter());
        assertEquals(ToxicDirection.UPSTREAM, lag.getStream());
        Slicer slices = proxy.toxics().get("slices", Slicer.class);
        assertEquals(64, slices.getAverageSize());
        assertEquals(8, slices.getSizeVariation());
        assertEquals(1000, slices.getDelay());
        assertEquals(0.5f, proxy.toxics().get("rst").getToxicity());
        List<String> names =
                proxy.toxics().getAll().stream().map(Toxic::getName).toList();
        // Toxiproxy lists the upstream chain first, then the downstream one, each in order of creation.
        assertEquals(List.of("lag", "linger", "cap", "slices", "pace", "rst"), names);
    }

    @Test
    void resetEnablesProxiesAndRemovesToxics() throws Exception {
        Proxy proxy = echoProxy("reset-all");
        proxy.toxics().latency("lag", ToxicDirection.DOWNSTREAM, 1000);
        proxy.disable();
        assertFalse(client.getProxy("reset-all").isEnabled());
        client.reset();
        Proxy after = client.getProxy("reset-all");
        assertTrue(after.isEnabled());
        assertTrue(after.toxics().getAll().isEmpty());
        try (Socket socket = connect(after)) {
            assertTrue(roundTripMillis(socket, 16) < 500, "toxic survived /reset");
        }
    }

    @Test
    void changingTheUpstreamRedirectsNewConnections() throws Exception {
        Proxy proxy = echoProxy("move");
        try (EchoServer other = new EchoServer()) {
            proxy.setUpstream(other.address());
            assertEquals(other.address(), client.getProxy("move").getUpstream());
            try (Socket socket = connect(client.getProxy("move"))) {
                roundTripMillis(socket, 16);
            }
            assertEquals(0, echo.accepted.get(), "a connection went to the old upstream");
            assertEquals(1, other.accepted.get(), "the new upstream got no connection");
        }
    }

    @Test
    void deletedProxyIsGoneAndItsPortFreed() throws Exception {
        Proxy proxy = echoProxy("gone");
        proxy.delete();
        assertNull(client.getProxyOrNull("gone"));
        assertThrows(java.net.ConnectException.class, () -> connect(proxy).close());
    }

    @Test
    void versionIsReported() throws Exception {
        assertEquals("{\"version\": \"2.12.0\"}", client.version().trim());
    }
}
