package dev.gameday.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a registry's meters in Prometheus' text format at {@code http://HOST:PORT/metrics}, with the JDK's
 * HTTP server on one daemon thread (a scrape every few seconds needs no more). As a {@link RunListener} it
 * records where it serves in the run's directory ({@code metrics.json}: port and URL), so a report says where
 * its live metrics were.
 */
public final class MetricsEndpoint implements RunListener, AutoCloseable {
    /** The port dashboards/prometheus.yml scrapes; the default exporter port of Prometheus' own registry. */
    public static final int DEFAULT_PORT = 9464;
    /** Local only by default: the metrics name the cluster's members and are nobody else's business. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsEndpoint(HttpServer server, PrometheusMeterRegistry registry) {
        this.server = server;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gameday-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.createContext("/metrics", exchange -> serveMetrics(exchange, registry));
        server.createContext("/", MetricsEndpoint::serveIndex);
        server.setExecutor(executor);
        server.start();
    }

    /** Serves on {@code host}:{@code port}; port 0 takes an ephemeral one. Fails if the port is taken. */
    public static MetricsEndpoint start(PrometheusMeterRegistry registry, String host, int port) throws IOException {
        return new MetricsEndpoint(HttpServer.create(new InetSocketAddress(host, port), 0), registry);
    }

    /** Serves on {@link #DEFAULT_PORT} if it is free, else on an ephemeral port (a second run beside the first). */
    public static MetricsEndpoint startOnDefaultPort(PrometheusMeterRegistry registry, String host) throws IOException {
        try {
            return start(registry, host, DEFAULT_PORT);
        } catch (BindException taken) {
            return start(registry, host, 0);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + port() + "/metrics";
    }

    @Override
    public void runStarted(RunInfo run) {
        if (run.directory() == null) {
            return;
        }
        try {
            Files.writeString(
                    run.directory().resolve("metrics.json"),
                    String.format(Locale.ROOT, "{\"port\": %d, \"url\": \"%s\"}%n", port(), url()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the metrics endpoint in " + run.directory(), e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void serveMetrics(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        respond(exchange, 200, TEXT_FORMAT, registry.scrape());
    }

    private static void serveIndex(HttpExchange exchange) throws IOException {
        respond(
                exchange,
                exchange.getRequestURI().getPath().equals("/") ? 200 : 404,
                "text/plain; charset=utf-8",
                "Gameday live metrics: /metrics\n");
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        try (exchange) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
