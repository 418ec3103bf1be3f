package dev.gameday.faultproxy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.toxiproxy.ToxiproxyContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The container image as Testcontainers' Toxiproxy module uses it, driven by the official client.
 * Run by failsafe; needs the local Docker engine and the image that scripts/build-images makes from
 * target/fault-proxy.jar.
 *
 * <p>The proxied upstream is the container's own API (127.0.0.1:8474 inside it): a real TCP
 * service reachable from the proxy without a second image.
 */
@Tag("docker")
class FaultProxyContainerIT {
    private static final String IMAGE = "gameday/fault-proxy:dev";

    @BeforeAll
    static void imageExists() {
        // Images are built in one place, scripts/build-images (scripts/test runs it after `mvn package`).
        assertTrue(
                DockerClientFactory.instance().client().listImagesCmd().withImageNameFilter(IMAGE).exec().stream()
                        .findAny()
                        .isPresent(),
                IMAGE + " is missing: run scripts/build-images after mvn package");
    }

    @Test
    void testcontainersDrivesTheImageThroughTheOfficialClient() throws Exception {
        DockerImageName image = DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("shopify/toxiproxy");
        try (ToxiproxyContainer container = new ToxiproxyContainer(image)) {
            container.start();
            ToxiproxyClient client = new ToxiproxyClient(container.getHost(), container.getControlPort());
            Proxy proxy = client.createProxy("api", "0.0.0.0:8666", "127.0.0.1:8474");
            String host = container.getHost();
            int port = container.getMappedPort(8666);

            versionRequestMillis(host, port); // warms up both JVMs and Docker's port forwarding
            double baseline = versionRequestMillis(host, port);
            proxy.toxics().latency("lag", ToxicDirection.DOWNSTREAM, 300);
            double delayed = versionRequestMillis(host, port);
            assertTrue(
                    delayed >= 300 && delayed - baseline >= 280,
                    "latency not applied in the container: " + baseline + " -> " + delayed + " ms");
            proxy.toxics().get("lag").remove();

            // Testcontainers' documented way to cut a connection: bandwidth 0 both ways.
            proxy.toxics().bandwidth("cut-down", ToxicDirection.DOWNSTREAM, 0);
            proxy.toxics().bandwidth("cut-up", ToxicDirection.UPSTREAM, 0);
            assertThrows(SocketTimeoutException.class, () -> versionRequestMillis(host, port));
            proxy.toxics().get("cut-down").remove();
            proxy.toxics().get("cut-up").remove();
            assertTrue(versionRequestMillis(host, port) < 1000, "connection not restored after the cut");
        }
    }

    /** One HTTP request for /version through the proxy; returns how long it took, checking the answer. */
    private static double versionRequestMillis(String host, int port) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(1000);
            socket.getOutputStream()
                    .write(("GET /version HTTP/1.1\r\nHost: proxy\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!response.contains("\"version\"")) {
                throw new IOException("unexpected answer through the proxy: " + response);
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }
}
