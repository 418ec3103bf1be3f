package dev.gameday.faultproxy.link;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client connection accepted by a proxy and its connection to the upstream, joined by two links:
 * upstream (client to server) and downstream (server to client). Loop thread only.
 *
 * <p>The client is read only once the upstream connect succeeded; if it fails, the client is closed,
 * which is what Toxiproxy does for a dead upstream.
 */
public final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final SocketChannel client;
    private final SocketChannel upstream;
    private final Consumer<Connection> onClosed;
    private final Link toUpstream;
    private final Link toClient;
    private SelectionKey clientKey;
    private SelectionKey upstreamKey;
    private boolean connected;
    private boolean open = true;

    private Connection(
            EventLoop loop,
            SocketChannel client,
            SocketChannel upstream,
            Listener.ConnectionPlan plan,
            Consumer<Connection> onClosed) {
        this.client = client;
        this.upstream = upstream;
        this.onClosed = onClosed;
        this.toUpstream = new Link(this, loop, client, upstream, plan.stagesFor(true), plan.trafficFor(true));
        this.toClient = new Link(this, loop, upstream, client, plan.stagesFor(false), plan.trafficFor(false));
    }

    /**
     * Starts proxying an accepted client to {@code upstreamAddress} with the proxy's toxic stages.
     * {@code onClosed} runs once, when the connection ends for whatever reason.
     */
    static Connection open(
            EventLoop loop,
            SocketChannel client,
            InetSocketAddress upstreamAddress,
            Listener.ConnectionPlan plan,
            Consumer<Connection> onClosed)
            throws IOException {
        SocketChannel upstream = SocketChannel.open();
        Connection connection = new Connection(loop, client, upstream, plan, onClosed);
        try {
            for (SocketChannel socket : List.of(client, upstream)) {
                socket.configureBlocking(false);
                // Slicer pieces and echo round trips must leave at once, not wait for Nagle.
                socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            connection.clientKey = loop.register(client, 0, key -> connection.onClientReady());
            connection.upstreamKey = loop.register(upstream, 0, key -> connection.onUpstreamReady());
            if (upstreamAddress.isUnresolved()) {
                throw new IOException("cannot resolve upstream " + upstreamAddress.getHostString());
            }
            if (upstream.connect(upstreamAddress)) {
                connection.onConnected();
            } else {
                connection.upstreamKey.interestOps(SelectionKey.OP_CONNECT);
            }
        } catch (IOException e) {
            log.debug("upstream {} unusable, closing the client", upstreamAddress, e);
            connection.close();
        }
        return connection;
    }

    public boolean isOpen() {
        return open;
    }

    boolean isConnected() {
        return connected;
    }

    /** Applies a change to the link whose bytes flow client to server (upstream = true) or server to client. */
    private void withLink(boolean upstreamDirection, Consumer<Link> change) {
        if (open) {
            change.accept(upstreamDirection ? toUpstream : toClient);
        }
    }

    public void addStage(boolean upstreamDirection, Stage stage) {
        withLink(upstreamDirection, link -> link.addStage(stage));
    }

    public void replaceStage(boolean upstreamDirection, int index, Stage stage) {
        withLink(upstreamDirection, link -> link.replaceStage(index, stage));
    }

    public void removeStage(boolean upstreamDirection, int index) {
        withLink(upstreamDirection, link -> link.removeStage(index));
    }

    private void onClientReady() {
        if (clientKey.isValid() && clientKey.isReadable()) {
            toUpstream.onReadable();
        }
        if (open && clientKey.isValid() && clientKey.isWritable()) {
            toClient.onWritable();
        }
    }

    private void onUpstreamReady() {
        if (upstreamKey.isValid() && upstreamKey.isConnectable()) {
            try {
                upstream.finishConnect();
            } catch (IOException e) {
                log.debug("upstream connect failed, closing the client", e);
                close();
                return;
            }
            onConnected();
            return;
        }
        if (upstreamKey.isValid() && upstreamKey.isReadable()) {
            toClient.onReadable();
        }
        if (open && upstreamKey.isValid() && upstreamKey.isWritable()) {
            toUpstream.onWritable();
        }
    }

    private void onConnected() {
        connected = true;
        toUpstream.start();
        toClient.start();
        updateInterest();
    }

    /** Registers for exactly what the two links are waiting for on each socket. */
    void updateInterest() {
        if (!open || !connected) {
            return;
        }
        clientKey.interestOps((toUpstream.wantsRead() ? SelectionKey.OP_READ : 0)
                | (toClient.wantsWrite() ? SelectionKey.OP_WRITE : 0));
        upstreamKey.interestOps((toClient.wantsRead() ? SelectionKey.OP_READ : 0)
                | (toUpstream.wantsWrite() ? SelectionKey.OP_WRITE : 0));
    }

    /** Closes both sockets (a FIN to each peer). Idempotent. */
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        closeQuietly(client);
        closeQuietly(upstream);
        onClosed.accept(this);
    }

    /** Closes both sockets with a TCP reset (SO_LINGER 0), as the reset_peer toxic demands. */
    public void reset() {
        for (SocketChannel socket : List.of(client, upstream)) {
            try {
                if (socket.isOpen()) {
                    socket.setOption(StandardSocketOptions.SO_LINGER, 0);
                }
            } catch (IOException e) {
                log.debug("cannot set SO_LINGER on {}", socket, e);
            }
        }
        close();
    }

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("closing {}", socket, e);
        }
    }
}
