package dev.gameday.faultproxy.bench;

import dev.gameday.faultproxy.FaultProxyServer;
import dev.gameday.faultproxy.ProxySettings;
import dev.gameday.faultproxy.ProxyState;
import dev.gameday.faultproxy.api.ApiJson;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Measures what the proxy costs, side by side in one run: round-trip latency (p50/p99) and one-way
 * throughput over a direct loopback connection, through a proxy without toxics, and through a proxy
 * with a latency toxic. Every load is bounded in count and time.
 *
 * <p>Run: {@code java -cp harness/fault-proxy/target/fault-proxy.jar dev.gameday.faultproxy.bench.FaultProxyBenchmark}
 */
public final class FaultProxyBenchmark {
    private static final int WARMUP_ROUND_TRIPS = 20_000;
    private static final int MEASURED_ROUND_TRIPS = 50_000;
    private static final int MESSAGE_BYTES = 64;
    private static final long THROUGHPUT_BYTES = 256L << 20;
    private static final long THROUGHPUT_MAX_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long TOXIC_LATENCY_MILLIS = 5;
    private static final int THROUGHPUT_ROUNDS = 5;

    private FaultProxyBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "fault-proxy-logback.xml");
        }
        try (Upstream echo = Upstream.echo();
                Upstream sink = Upstream.sink();
                FaultProxyServer server = FaultProxyServer.start(new InetSocketAddress("127.0.0.1", 0))) {
            int echoDirect = echo.port();
            int sinkDirect = sink.port();
            int echoPlain = proxyPort(server, "echo-plain", echo);
            int sinkPlain = proxyPort(server, "sink-plain", sink);
            int echoToxic = proxyPort(server, "echo-latency", echo);
            int sinkToxic = proxyPort(server, "sink-latency", sink);
            addLatency(server, "echo-latency", "downstream");
            addLatency(server, "sink-latency", "upstream");

            Histogram direct = roundTrips(echoDirect, WARMUP_ROUND_TRIPS, MEASURED_ROUND_TRIPS);
            Histogram plain = roundTrips(echoPlain, WARMUP_ROUND_TRIPS, MEASURED_ROUND_TRIPS);
            // Each of these takes the toxic's latency, so fewer of them fit the time bound.
            Histogram toxic = roundTrips(echoToxic, 50, 500);
            // Interleaved rounds and medians: on a shared machine the load shifts between runs.
            double[][] rounds = new double[3][THROUGHPUT_ROUNDS];
            for (int round = 0; round < THROUGHPUT_ROUNDS; round++) {
                rounds[0][round] = throughput(sinkDirect);
                rounds[1][round] = throughput(sinkPlain);
                rounds[2][round] = throughput(sinkToxic);
            }
            double directMBps = median(rounds[0]);
            double plainMBps = median(rounds[1]);
            double toxicMBps = median(rounds[2]);

            System.out.printf(
                    "%-28s %12s %12s %14s%n",
                    "path", "rtt p50 us", "rtt p99 us", "MB/s (median of " + THROUGHPUT_ROUNDS + ")");
            print("direct loopback", direct, directMBps);
            print("proxy, no toxic", plain, plainMBps);
            print("proxy, latency " + TOXIC_LATENCY_MILLIS + " ms", toxic, toxicMBps);
            System.out.printf(
                    "%nadded p50 per round trip (no toxic): %.1f us (target <= 100)%n",
                    (plain.getValueAtPercentile(50) - direct.getValueAtPercentile(50)) / 1000.0);
            System.out.printf(
                    "no-toxic throughput vs direct: %.0f %% (target >= 50 %%)%n", 100 * plainMBps / directMBps);
            System.out.printf("throughput through the latency toxic: %.0f MB/s (target >= 100)%n", toxicMBps);
        }
    }

    private static int proxyPort(FaultProxyServer server, String name, Upstream upstream) throws Exception {
        ProxyState proxy =
                server.registry().create(new ProxySettings(name, "127.0.0.1:0", "127.0.0.1:" + upstream.port(), true));
        return Integer.parseInt(proxy.listen().substring(proxy.listen().lastIndexOf(':') + 1));
    }

    /** A latency toxic in the direction the measured data flows: the replies for round trips, the upload for throughput. */
    private static void addLatency(FaultProxyServer server, String proxy, String stream) throws Exception {
        server.registry()
                .addToxic(
                        proxy,
                        ApiJson.newToxic(ApiJson.mapper()
                                .readTree("{\"type\":\"latency\",\"stream\":\"" + stream
                                        + "\",\"attributes\":{\"latency\":" + TOXIC_LATENCY_MILLIS + "}}")));
    }

    /** Round trips of a small message; the latency toxic's own delay is part of its figures. */
    private static Histogram roundTrips(int port, int warmup, int measured) throws IOException {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        try (Socket socket = open(port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] message = new byte[MESSAGE_BYTES];
            byte[] reply = new byte[MESSAGE_BYTES];
            long deadline = System.nanoTime() + THROUGHPUT_MAX_NANOS;
            for (int i = 0; i < warmup + measured && System.nanoTime() < deadline; i++) {
                long start = System.nanoTime();
                out.write(message);
                in.readNBytes(reply, 0, MESSAGE_BYTES);
                if (i >= warmup) {
                    histogram.recordValue(System.nanoTime() - start);
                }
            }
        }
        return histogram;
    }

    /**
     * Streams {@link #THROUGHPUT_BYTES} one way into a counting upstream and waits for its one-byte
     * receipt, so the figure counts delivered bytes. A length header announces the total, because
     * a half-close would make the proxy close both sides (Toxiproxy semantics). MB = 10^6 bytes.
     */
    private static double throughput(int port) throws IOException {
        byte[] block = new byte[256 * 1024];
        long start = System.nanoTime();
        try (Socket socket = open(port)) {
            socket.setSoTimeout((int) TimeUnit.NANOSECONDS.toMillis(THROUGHPUT_MAX_NANOS));
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeLong(THROUGHPUT_BYTES);
            for (long sent = 0; sent < THROUGHPUT_BYTES; sent += block.length) {
                out.write(block);
            }
            out.flush();
            if (socket.getInputStream().read() < 0) {
                throw new IOException("the sink did not confirm the transfer");
            }
        }
        return THROUGHPUT_BYTES / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static Socket open(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static void print(String path, Histogram histogram, double megabytesPerSecond) {
        System.out.printf(
                "%-28s %12.1f %12.1f %14.0f%n",
                path,
                histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0,
                megabytesPerSecond);
    }

    /** A loopback server that echoes, or reads to the end and confirms with one byte; a thread per connection. */
    private static final class Upstream implements AutoCloseable {
        private final ServerSocket server;

        private Upstream(boolean echo) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> acceptLoop(echo), echo ? "bench-echo" : "bench-sink");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        static Upstream echo() throws IOException {
            return new Upstream(true);
        }

        static Upstream sink() throws IOException {
            return new Upstream(false);
        }

        int port() {
            return server.getLocalPort();
        }

        private void acceptLoop(boolean echo) {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    socket.setTcpNoDelay(true);
                    Thread worker = new Thread(() -> serve(socket, echo), "bench-upstream");
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void serve(Socket socket, boolean echo) {
            byte[] buffer = new byte[256 * 1024];
            try (socket) {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                if (echo) {
                    int read;
                    while ((read = in.read(buffer)) >= 0) {
                        out.write(buffer, 0, read);
                    }
                    return;
                }
                long remaining = in.readLong();
                while (remaining > 0) {
                    int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                    if (read < 0) {
                        return;
                    }
                    remaining -= read;
                }
                out.write(1);
            } catch (IOException e) {
                // the connection ended; nothing to report
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
