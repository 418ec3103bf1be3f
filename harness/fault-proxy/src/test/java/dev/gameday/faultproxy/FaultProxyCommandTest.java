package dev.gameday.faultproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The server as a process: Toxiproxy's flags, a -config file loaded like /populate, shutdown on SIGTERM. */
class FaultProxyCommandTest {
    @TempDir
    Path dir;

    @Test
    void badConfigIsRefusedWithTheReason() throws IOException {
        Path config = Files.writeString(dir.resolve("proxies.json"), "[{\"name\":\"db\"}]");
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new FaultProxyCommand())
                .setErr(new PrintWriter(err))
                .execute("-port", "0", "-config", config.toString());
        assertEquals(2, exit);
        assertTrue(err.toString().contains("missing required field: upstream at proxy 1"), err.toString());
    }

    @Test
    void processServesTheApiAndTheConfiguredProxies() throws Exception {
        int apiPort = portBelowTheEphemeralRange();
        try (EchoServer echo = new EchoServer()) {
            Path config = Files.writeString(
                    dir.resolve("proxies.json"),
                    "[{\"name\":\"echo\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"}]");
            Process process = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            FaultProxyCommand.class.getName(),
                            "-host",
                            "127.0.0.1",
                            "-port",
                            String.valueOf(apiPort),
                            "-config",
                            config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("process.log").toFile())
                    .start();
            try {
                ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", apiPort);
                Proxy proxy = awaitProxy(client, "echo");
                String listen = proxy.getListen();
                try (Socket socket =
                        new Socket("127.0.0.1", Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)))) {
                    socket.setSoTimeout(5000);
                    ProxyTestSupport.roundTripMillis(socket, 100);
                }
            } finally {
                process.destroy();
                assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
            }
        }
    }

    /**
     * A free port for the child process to bind about a second later (a JVM start on a loaded machine). Not
     * one from new ServerSocket(0): that port is in the kernel's ephemeral range, where any outgoing connection
     * on the machine (CI builds images meanwhile) can take it before the child binds it, as happened to a
     * storage node's port in CI. Linux's default range starts at 32768; ports are tried from a random start.
     */
    private static int portBelowTheEphemeralRange() throws IOException {
        int first = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000);
        for (int port = first; port < 32_768; port++) {
            try (ServerSocket free = new ServerSocket()) {
                free.bind(new java.net.InetSocketAddress("127.0.0.1", port), 1);
                return port;
            } catch (IOException taken) {
                // in use: the next one
            }
        }
        throw new IOException("no free port from " + first + " to 32767");
    }

    private static Proxy awaitProxy(ToxiproxyClient client, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return client.getProxy(name);
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }
}
