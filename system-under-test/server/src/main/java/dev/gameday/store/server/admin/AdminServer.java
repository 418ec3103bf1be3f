package dev.gameday.store.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's admin endpoint: JSON over HTTP. Each role registers its routes ("GET /health", "POST /scrub");
 * a route gets the query parameters and returns an object that is rendered as JSON. An
 * IllegalArgumentException becomes 400 with its message, anything else 500.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    public static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).findAndRegisterModules();

    /** One admin operation. */
    @FunctionalInterface
    public interface Route {
        Object handle(Map<String, String> query) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, Route> routes = new LinkedHashMap<>();

    public AdminServer(String host, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 64);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
    }

    public AdminServer route(String method, String path, Route route) {
        routes.put(method + " " + path, route);
        return this;
    }

    public void start() {
        server.start();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        String key =
                exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        Route route = routes.get(key);
        int status;
        Object body;
        if (route == null) {
            status = 404;
            body = Map.of("error", "no admin route " + key + "; routes: " + routes.keySet());
        } else {
            try {
                body = route.handle(query(exchange.getRequestURI().getRawQuery()));
                status = 200;
            } catch (IllegalArgumentException e) {
                status = 400;
                body = Map.of("error", String.valueOf(e.getMessage()));
            } catch (Exception e) {
                LOG.warn("admin {} failed", key, e);
                status = 500;
                body = Map.of("error", e.toString());
            }
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
