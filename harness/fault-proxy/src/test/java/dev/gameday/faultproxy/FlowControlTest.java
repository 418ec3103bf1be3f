package dev.gameday.faultproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bounded memory and isolation: a connection whose data cannot move makes the proxy stop reading
 * its source, and it does not slow down other connections on the same event loop.
 */
class FlowControlTest extends ProxyTestSupport {
    private static final long FIREHOSE_LIMIT_BYTES = 256L << 20;

    private ServerSocket firehose;
    private final AtomicLong firehoseWritten = new AtomicLong();

    /** An upstream that writes as fast as it can to whoever connects, up to a bounded total. */
    @BeforeEach
    void startFirehose() throws IOException {
        firehose = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(
                () -> {
                    try (Socket socket = firehose.accept();
                            OutputStream out = socket.getOutputStream()) {
                        byte[] block = new byte[64 * 1024];
                        while (firehoseWritten.get() < FIREHOSE_LIMIT_BYTES) {
                            out.write(block);
                            firehoseWritten.addAndGet(block.length);
                        }
                    } catch (IOException e) {
                        // closed by the test
                    }
                },
                "firehose");
        thread.setDaemon(true);
        thread.start();
    }

    @AfterEach
    void stopFirehose() throws IOException {
        firehose.close();
    }

    /**
     * Waits until the firehose has written nothing for 500 ms (longer than the 100 ms and more that a
     * descheduled thread lost in CI, so a paused reader is told from a slow one) and returns its total.
     * A proxy that never stops reading lets the firehose run to its limit, which the caller catches.
     * The quiet time counts from the first bytes: before them the proxy may not have connected upstream.
     */
    private long awaitFirehoseStopped() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long last = firehoseWritten.get();
        long unchangedSince = System.nanoTime();
        while ((last == 0 || System.nanoTime() - unchangedSince < TimeUnit.MILLISECONDS.toNanos(500))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
            long now = firehoseWritten.get();
            if (now != last) {
                last = now;
                unchangedSince = System.nanoTime();
            }
        }
        return last;
    }

    @Test
    void stalledConnectionIsBoundedAndDoesNotStallOthers() throws Exception {
        Proxy stalled = client.createProxy("stalled", "127.0.0.1:0", "127.0.0.1:" + firehose.getLocalPort());
        // Rate 0 holds everything inside the proxy: only the read pause can stop the buffer growing.
        stalled.toxics().bandwidth("cut", ToxicDirection.DOWNSTREAM, 0);
        Proxy lively = echoProxy("lively");
        try (Socket hose = connect(stalled);
                Socket echoSocket = connect(lively)) {
            long written = awaitFirehoseStopped();
            assertTrue(written > 0, "the proxy never read from the firehose");
            // 1 MiB link bound plus the kernel's socket buffers on loopback (a few MiB at most).
            assertTrue(written < 32L << 20, "proxy kept reading a stalled stream: " + written + " bytes");
            // One round trip can take 100 ms and more when a thread is descheduled on a loaded 2-core
            // machine (CI), so the bar is on the 45th fastest of 50; a loop that the stalled connection
            // blocks or keeps busy slows nearly all of them.
            List<Double> roundTrips = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                roundTrips.add(roundTripMillis(echoSocket, 1024));
            }
            List<Double> sorted = roundTrips.stream().sorted().toList();
            assertTrue(sorted.get(44) < 100, "a stalled connection slowed another one: " + roundTrips + " ms");
            assertTrue(firehoseWritten.get() - written < 1 << 20, "stalled stream kept moving");
            assertEquals(0, hose.getInputStream().available(), "data passed a bandwidth-0 toxic");
        }
    }
}
