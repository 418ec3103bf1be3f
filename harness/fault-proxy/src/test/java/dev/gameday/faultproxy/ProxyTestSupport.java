package dev.gameday.faultproxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Starts an in-JVM server, an echo upstream and the official Java client for every test. */
abstract class ProxyTestSupport {
    FaultProxyServer server;
    EchoServer echo;
    ToxiproxyClient client;

    @BeforeEach
    void startServer() throws IOException {
        server = FaultProxyServer.start(new InetSocketAddress("127.0.0.1", 0));
        echo = new EchoServer();
        client = new ToxiproxyClient("127.0.0.1", server.apiAddress().getPort());
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
        echo.close();
    }

    Proxy echoProxy(String name) throws IOException {
        return client.createProxy(name, "127.0.0.1:0", echo.address());
    }

    static Socket connect(Proxy proxy) throws IOException {
        String listen = proxy.getListen();
        int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        return socket;
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** Sends a message and reads the echo back in full; returns the round trip in milliseconds. */
    static double roundTripMillis(Socket socket, int size) throws IOException {
        byte[] message = randomBytes(size);
        long start = System.nanoTime();
        socket.getOutputStream().write(message);
        byte[] echoed = socket.getInputStream().readNBytes(size);
        double millis = (System.nanoTime() - start) / 1e6;
        assertArrayEquals(message, echoed, "echo came back altered");
        return millis;
    }

    /** Reads until EOF (or the socket's timeout) and returns what arrived. */
    static byte[] readToEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] all = new byte[0];
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            all = Arrays.copyOf(all, all.length + read);
            System.arraycopy(buffer, 0, all, all.length - read, read);
        }
        return all;
    }

    static double millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1e6;
    }

    static long millisToNanos(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
