package dev.gameday.faultproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real TCP echo server on loopback, the upstream of the proxies under test. It records when each
 * connection saw the end of its input, so tests can check that the proxy closed the server side too.
 */
final class EchoServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** System.nanoTime() at which a connection's input ended (EOF or error), one entry per connection. */
    final BlockingQueue<Long> inputEnded = new LinkedBlockingQueue<>();

    final AtomicInteger accepted = new AtomicInteger();

    EchoServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "echo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                socket.setTcpNoDelay(true);
                sockets.add(socket);
                Thread echo = new Thread(() -> echo(socket), "echo-connection");
                echo.setDaemon(true);
                echo.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void echo(Socket socket) {
        byte[] buffer = new byte[64 * 1024];
        try (socket;
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
            }
        } catch (IOException e) {
            // reset or closed: the input ended all the same
        } finally {
            inputEnded.add(System.nanoTime());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
