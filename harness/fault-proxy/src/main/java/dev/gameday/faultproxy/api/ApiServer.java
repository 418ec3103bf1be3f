package dev.gameday.faultproxy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gameday.faultproxy.ApiException;
import dev.gameday.faultproxy.ProxyMetrics;
import dev.gameday.faultproxy.ProxyRegistry;
import dev.gameday.faultproxy.ProxyState;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Toxiproxy's HTTP API on the JDK's HTTP server: routes, status codes, JSON bodies and error texts.
 * A failing request gets an error response; nothing a client sends can stop the server.
 */
public final class ApiServer implements AutoCloseable {
    /** The Toxiproxy release whose API this server implements; clients may compare it, so it is that version. */
    public static final String API_VERSION = "2.12.0";

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final int HANDLER_THREADS = 4;

    private final ProxyRegistry registry;
    private final ProxyMetrics metrics;
    private final HttpServer server;
    private final ExecutorService executor;

    public ApiServer(ProxyRegistry registry, ProxyMetrics metrics, InetSocketAddress address) throws IOException {
        this.registry = registry;
        this.metrics = metrics;
        this.server = HttpServer.create(address, 0);
        this.executor = Executors.newFixedThreadPool(HANDLER_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "fault-proxy-api");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) {
        try {
            String userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
            if (userAgent != null && userAgent.startsWith("Mozilla/")) {
                sendText(exchange, 403, "User agent not allowed\n");
                return;
            }
            route(
                    exchange,
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath().split("/", -1));
        } catch (ApiException e) {
            sendError(exchange, e);
        } catch (IOException | RuntimeException e) {
            log.warn("request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            sendError(exchange, new ApiException(500, e.toString()));
        } finally {
            exchange.close();
        }
    }

    /** Path segments start with "" (the leading slash); names are the decoded path segments. */
    private void route(HttpExchange exchange, String method, String[] path) throws ApiException, IOException {
        if (path.length == 2 && path[1].equals("version")) {
            requireMethod(method, "GET");
            sendBody(exchange, 200, "application/json;charset=utf-8", "{\"version\": \"" + API_VERSION + "\"}\n");
        } else if (path.length == 2 && path[1].equals("metrics")) {
            requireMethod(method, "GET");
            sendBody(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
        } else if (path.length == 2 && path[1].equals("reset")) {
            requireMethod(method, "POST");
            registry.reset();
            sendEmpty(exchange, 204);
        } else if (path.length == 2 && path[1].equals("populate")) {
            requireMethod(method, "POST");
            populate(exchange);
        } else if (path.length == 2 && path[1].equals("proxies")) {
            proxies(exchange, method);
        } else if (path.length == 3 && path[1].equals("proxies") && !path[2].isEmpty()) {
            proxy(exchange, method, path[2]);
        } else if (path.length == 4 && path[1].equals("proxies") && path[3].equals("toxics")) {
            toxics(exchange, method, path[2]);
        } else if (path.length == 5 && path[1].equals("proxies") && path[3].equals("toxics") && !path[4].isEmpty()) {
            toxic(exchange, method, path[2], path[4]);
        } else {
            sendText(exchange, 404, "404 page not found\n");
        }
    }

    private void proxies(HttpExchange exchange, String method) throws ApiException, IOException {
        requireMethod(method, "GET", "POST");
        if (method.equals("GET")) {
            ObjectNode byName = ApiJson.mapper().createObjectNode();
            registry.list().forEach(proxy -> byName.set(proxy.name(), ApiJson.proxy(proxy)));
            sendJson(exchange, 200, byName);
        } else {
            ProxyState created = registry.create(ApiJson.newProxy(body(exchange)));
            sendJson(exchange, 201, ApiJson.proxy(created));
        }
    }

    private void populate(HttpExchange exchange) throws IOException {
        ObjectNode response = ApiJson.mapper().createObjectNode();
        try {
            List<ProxyState> proxies = registry.populate(ApiJson.populateList(body(exchange)));
            response.set("proxies", ApiJson.proxies(proxies));
            sendJson(exchange, 201, response);
        } catch (ApiException e) {
            // Toxiproxy answers a failed populate with the error fields next to an empty proxy list.
            response.put("error", e.getMessage());
            response.put("status", e.status());
            response.putNull("proxies");
            sendJson(exchange, e.status(), response);
        }
    }

    private void proxy(HttpExchange exchange, String method, String name) throws ApiException, IOException {
        requireMethod(method, "GET", "POST", "PATCH", "DELETE");
        switch (method) {
            case "GET" -> sendJson(exchange, 200, ApiJson.proxy(registry.get(name)));
            case "DELETE" -> {
                registry.delete(name);
                sendEmpty(exchange, 204);
            }
            default -> {
                JsonNode body = body(exchange);
                ProxyState updated = registry.update(name, current -> ApiJson.updatedProxy(current, body));
                sendJson(exchange, 200, ApiJson.proxy(updated));
            }
        }
    }

    private void toxics(HttpExchange exchange, String method, String proxyName) throws ApiException, IOException {
        requireMethod(method, "GET", "POST");
        if (method.equals("GET")) {
            sendJson(exchange, 200, ApiJson.toxics(registry.toxics(proxyName)));
        } else {
            // Toxiproxy looks the proxy up before reading the body.
            registry.get(proxyName);
            sendJson(exchange, 200, ApiJson.toxic(registry.addToxic(proxyName, ApiJson.newToxic(body(exchange)))));
        }
    }

    private void toxic(HttpExchange exchange, String method, String proxyName, String toxicName)
            throws ApiException, IOException {
        requireMethod(method, "GET", "POST", "PATCH", "DELETE");
        switch (method) {
            case "GET" -> sendJson(exchange, 200, ApiJson.toxic(registry.toxic(proxyName, toxicName)));
            case "DELETE" -> {
                registry.removeToxic(proxyName, toxicName);
                sendEmpty(exchange, 204);
            }
            default -> {
                JsonNode body = body(exchange);
                sendJson(
                        exchange,
                        200,
                        ApiJson.toxic(registry.updateToxic(
                                proxyName, toxicName, current -> ApiJson.updatedToxic(current, body))));
            }
        }
    }

    private static void requireMethod(String method, String... allowed) throws ApiException {
        for (String candidate : allowed) {
            if (candidate.equals(method)) {
                return;
            }
        }
        throw new ApiException(405, "method " + method + " not allowed");
    }

    private static JsonNode body(HttpExchange exchange) throws ApiException, IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw ApiException.badRequestBody("larger than " + MAX_BODY_BYTES + " bytes");
            }
            return ApiJson.parse(body);
        }
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        sendBody(exchange, status, "application/json", ApiJson.mapper().writeValueAsString(body));
    }

    /** Errors look like Go's http.Error around the JSON: text/plain and a trailing newline. */
    private static void sendError(HttpExchange exchange, ApiException error) {
        ObjectNode body = ApiJson.mapper().createObjectNode();
        body.put("error", error.getMessage());
        body.put("status", error.status());
        try {
            sendText(exchange, error.status(), ApiJson.mapper().writeValueAsString(body) + "\n");
        } catch (IOException e) {
            log.debug("could not send error response", e);
        }
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        sendBody(exchange, status, "text/plain; charset=utf-8", text);
    }

    private static void sendBody(HttpExchange exchange, int status, String contentType, String text)
            throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sendEmpty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
