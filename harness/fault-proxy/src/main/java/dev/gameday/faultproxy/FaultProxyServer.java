package dev.gameday.faultproxy;

import dev.gameday.faultproxy.api.ApiServer;
import dev.gameday.faultproxy.link.EventLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The whole server: one event loop for every proxied byte, and the HTTP API that configures it. */
public final class FaultProxyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FaultProxyServer.class);

    private final EventLoop loop;
    private final ProxyRegistry registry;
    private final ApiServer api;

    private FaultProxyServer(EventLoop loop, ProxyRegistry registry, ApiServer api) {
        this.loop = loop;
        this.registry = registry;
        this.api = api;
    }

    /** Starts serving the API on {@code apiAddress} (port 0 picks a free port). */
    public static FaultProxyServer start(InetSocketAddress apiAddress) throws IOException {
        EventLoop loop = new EventLoop("fault-proxy-loop");
        ProxyMetrics metrics = new ProxyMetrics();
        ProxyRegistry registry = new ProxyRegistry(loop, metrics);
        try {
            ApiServer api = new ApiServer(registry, metrics, apiAddress);
            log.info("fault proxy API listening on {}", api.address());
            return new FaultProxyServer(loop, registry, api);
        } catch (IOException | RuntimeException e) {
            loop.close();
            throw e;
        }
    }

    public InetSocketAddress apiAddress() {
        return api.address();
    }

    public ProxyRegistry registry() {
        return registry;
    }

    /** Stops the API, then closes every proxy and connection, then the loop. */
    @Override
    public void close() {
        api.close();
        try {
            registry.closeAll();
        } catch (ApiException e) {
            log.warn("closing proxies failed: {}", e.getMessage());
        }
        loop.close();
    }
}
