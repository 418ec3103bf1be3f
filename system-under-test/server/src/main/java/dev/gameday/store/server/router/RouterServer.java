package dev.gameday.store.server.router;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gameday.store.api.config.ClusterConfig;
import dev.gameday.store.api.config.RouterConfig;
import dev.gameday.store.protocol.ApiConfig;
import dev.gameday.store.protocol.ApiResponse;
import dev.gameday.store.protocol.DynamoApi;
import dev.gameday.store.protocol.DynamoException;
import dev.gameday.store.protocol.SigV4Verifier;
import dev.gameday.store.server.admin.AdminServer;
import dev.gameday.store.server.admin.Counters;
import dev.gameday.store.server.raft.GroupClients;
import dev.gameday.store.server.raft.RaftGroups;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request router: the public DynamoDB endpoint. Verifies SigV4, hands the body to {@link DynamoApi} and lets
 * {@link ReplicatedBackend} route it. A bounded thread pool with a bounded queue: when both are full the
 * connection is refused instead of queueing without limit.
 */
public final class RouterServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouterServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer http;
    private final ThreadPoolExecutor pool;
    private final SigV4Verifier verifier;
    private final DynamoApi api;
    private final GroupClients clients;
    private final AdminServer admin;
    private final Counters counters = new Counters();

    public RouterServer(ClusterConfig config, String routerId) throws IOException {
        RouterConfig me = config.router(routerId);
        config.bugs().checkAllowed(System.getenv());
        clients = new GroupClients(config.raft());
        ReplicatedBackend backend = new ReplicatedBackend(new RaftGroups(config), clients, me.az(), config.bugs());
        api = new DynamoApi(
                backend,
                new ApiConfig(ApiConfig.defaults().defaultPartitionCount(), config.region(), Clock.systemUTC()));
        verifier = new SigV4Verifier(config.credentials(), config.region(), "dynamodb");
        pool = new ThreadPoolExecutor(
                me.threads(), me.threads(), 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(me.threads() * 4));
        http = HttpServer.create(new InetSocketAddress(me.host(), me.port()), 256);
        http.createContext("/", this::handle);
        http.setExecutor(pool);
        admin = new AdminServer(me.host(), me.adminPort())
                .route("GET", "/health", q -> Map.of("role", "router", "id", routerId, "az", me.az(), "ok", true))
                .route("GET", "/counters", q -> counters.snapshot())
                // Which replication group holds each partition of a table (the harness targets partition leaders).
                .route("GET", "/routes", q -> {
                    String table = q.get("table");
                    if (table == null) {
                        throw new IllegalArgumentException("GET /routes needs ?table=NAME");
                    }
                    return Map.of(
                            "table",
                            table,
                            "groupOfPartition",
                            backend.route(table).groupOfPartition());
                });
    }

    public void start() {
        http.start();
        admin.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            ApiResponse response;
            try {
                verifier.verify(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(),
                        exchange.getRequestHeaders(),
                        body);
                response = api.handle(exchange.getRequestHeaders().getFirst("X-Amz-Target"), body);
            } catch (DynamoException e) {
                counters.increment("requests.rejected." + e.error().name());
                response = error(e);
            }
            counters.increment("requests.status." + response.status());
            if (response.status() != 200) {
                counters.increment("requests.failed");
            }
            exchange.getResponseHeaders().set("Content-Type", ApiResponse.CONTENT_TYPE);
            exchange.sendResponseHeaders(response.status(), response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        } catch (RuntimeException e) {
            LOG.error("router failed on a request", e);
            throw e;
        }
    }

    static ApiResponse error(DynamoException e) {
        try {
            return new ApiResponse(
                    e.error().httpStatus(),
                    JSON.writeValueAsBytes(
                            Map.of("__type", e.error().wireType(), "message", String.valueOf(e.getMessage()))));
        } catch (IOException io) {
            throw new IllegalStateException(io);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        pool.shutdownNow();
        admin.close();
        clients.close();
    }
}
