package dev.gameday.faultproxy.link;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proxy's listening socket and the connections it accepted. Loop thread only.
 *
 * <p>Closing the listener closes every connection it accepted, which is how Toxiproxy disables a proxy.
 */
public final class Listener {
    private static final Logger log = LoggerFactory.getLogger(Listener.class);

    /** What a new connection gets from its proxy, per direction (true = upstream, client to server). */
    public interface ConnectionPlan {
        /** The toxic stages the direction starts with. */
        List<Stage> stagesFor(boolean upstreamDirection);

        /** Where the direction's bytes are counted. */
        Traffic trafficFor(boolean upstreamDirection);
    }

    private final EventLoop loop;
    private final ServerSocketChannel server;
    private final InetSocketAddress upstream;
    private final ConnectionPlan plan;
    private final Set<Connection> connections = new LinkedHashSet<>();

    private Listener(EventLoop loop, ServerSocketChannel server, InetSocketAddress upstream, ConnectionPlan plan) {
        this.loop = loop;
        this.server = server;
        this.upstream = upstream;
        this.plan = plan;
    }

    /** Binds {@code listen} and starts accepting; a bind failure is thrown and leaves nothing open. */
    public static Listener bind(
            EventLoop loop, InetSocketAddress listen, InetSocketAddress upstream, ConnectionPlan plan)
            throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            // Like Go's listeners: a port left in TIME_WAIT by the previous listener can be bound again.
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(listen);
            server.configureBlocking(false);
            Listener listener = new Listener(loop, server, upstream, plan);
            loop.register(server, SelectionKey.OP_ACCEPT, key -> listener.acceptAll());
            return listener;
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    public InetSocketAddress boundAddress() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    /** Live connections, for applying toxic changes to them. */
    public List<Connection> connections() {
        return new ArrayList<>(connections);
    }

    private void acceptAll() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                log.warn("accept failed on {}", server, e);
                return;
            }
            if (client == null) {
                return;
            }
            try {
                // Resolved per connection, like Toxiproxy's dial: the upstream may come up after the proxy.
                InetSocketAddress target = new InetSocketAddress(upstream.getHostString(), upstream.getPort());
                Connection connection = Connection.open(loop, client, target, plan, connections::remove);
                if (connection.isOpen()) {
                    connections.add(connection);
                }
            } catch (IOException e) {
                log.warn("cannot proxy a connection to {}", upstream, e);
                closeQuietly(client);
            }
        }
    }

    /** Stops accepting and closes every connection. */
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing {}", server, e);
        }
        for (Connection connection : connections()) {
            connection.close();
        }
        try {
            loop.completeCloses();
        } catch (IOException e) {
            log.warn("completing closes on the event loop", e);
        }
    }

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("closing {}", socket, e);
        }
    }
}
