package dev.gameday.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's web server, on the JDK's {@link HttpServer}: the page, uPlot from its webjar, the state as JSON, a
 * server-sent event stream with the state every second (every tab sees the same session), and the operators'
 * commands as POSTs. Every request must carry the one-time token printed at start ({@code ?token=} or the
 * {@code X-Gameday-Token} header, or the cookie the page gets with it, so that its scripts and event stream carry it
 * too); without it the answer is 401 and nothing changes.
 */
final class ConsoleServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COOKIE = "gameday_console";
    private static final String UPLOT_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private final GameDaySession session;
    private final String token;
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> daemon(r, "gameday-console-http"));
    private final ScheduledExecutorService ticker =
            Executors.newScheduledThreadPool(2, r -> daemon(r, "gameday-console-tick"));
    private final List<OutputStream> streams = new CopyOnWriteArrayList<>();

    ConsoleServer(GameDaySession session, String host, int port) throws IOException {
        this.session = session;
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.token = HexFormat.of().formatHex(random);
        this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
        ticker.scheduleAtFixedRate(this::everySecond, 1, 1, TimeUnit.SECONDS);
        ticker.scheduleWithFixedDelay(session::refreshLeaders, 0, 2, TimeUnit.SECONDS);
    }

    /** The page's address with the token, as printed for the operator. */
    String url() {
        String host = server.getAddress().getHostString();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + server.getAddress().getPort() + "/?token=" + token;
    }

    private void everySecond() {
        try {
            session.closeSecond();
            byte[] event = ("data: " + JSON.writeValueAsString(session.state(false)) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
            for (OutputStream stream : streams) {
                try {
                    stream.write(event);
                    stream.flush();
                } catch (IOException e) {
                    streams.remove(stream); // the tab went away
                }
            }
        } catch (RuntimeException | IOException e) {
            log.warn("console tick failed: {}", e.toString());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if (!authorised(exchange)) {
                send(
                        exchange,
                        401,
                        "text/plain",
                        "401: this console needs the token printed when it started (?token=...)\n");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET")) {
                switch (path) {
                    case "/" -> {
                        exchange.getResponseHeaders()
                                .add("Set-Cookie", COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
                        send(exchange, 200, "text/html; charset=utf-8", resource("/dev/gameday/console/console.html"));
                    }
                    case "/console.js" ->
                        send(
                                exchange,
                                200,
                                "text/javascript; charset=utf-8",
                                resource("/dev/gameday/console/console.js"));
                    case "/uPlot.js" ->
                        send(exchange, 200, "text/javascript; charset=utf-8", uplot("uPlot.iife.min.js"));
                    case "/uPlot.css" -> send(exchange, 200, "text/css", uplot("uPlot.min.css"));
                    case "/state" -> sendJson(exchange, 200, session.state(true));
                    case "/events" -> stream(exchange);
                    default -> send(exchange, 404, "text/plain", "not found\n");
                }
                return;
            }
            if (!method.equals("POST")) {
                send(exchange, 405, "text/plain", "GET or POST\n");
                return;
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String by = by(body);
            try {
                Object answer = switch (path) {
                    case "/inject" -> session.inject(body.path("fault"), by);
                    case "/heal" -> session.heal(body.path("id").asInt(), by);
                    case "/heal-all" -> {
                        session.healEverything(by);
                        yield Map.of();
                    }
                    case "/note" -> {
                        session.note(body.path("text").asText(null), by);
                        yield Map.of();
                    }
                    case "/end" -> {
                        session.endGameDay(by);
                        yield Map.of();
                    }
                    default -> null;
                };
                if (answer == null) {
                    send(exchange, 404, "text/plain", "not found\n");
                } else {
                    sendJson(exchange, 200, answer);
                }
            } catch (GameDaySession.CommandRefused e) {
                sendJson(exchange, 400, Map.of("error", e.getMessage()));
            }
        } catch (IOException | RuntimeException e) {
            log.warn("console request {} failed: {}", exchange.getRequestURI().getPath(), e.toString());
            try {
                sendJson(exchange, 500, Map.of("error", e.toString()));
            } catch (IOException | RuntimeException ignored) {
                // the answer was under way already
            }
        }
    }

    /** Who gave a command, for the journal and nemesis.log: always the console, and the name the tab gave. */
    private static String by(JsonNode body) {
        String who = body == null ? "" : body.path("by").asText("").strip().replaceAll("[^\\p{L}\\p{N} ._@-]", "");
        return who.isEmpty() ? "console" : "console/" + (who.length() > 40 ? who.substring(0, 40) : who);
    }

    private boolean authorised(HttpExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst("X-Gameday-Token");
        String query = exchange.getRequestURI().getRawQuery();
        if (given == null && query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("token=")) {
                    given = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
                }
            }
        }
        List<String> cookies = exchange.getRequestHeaders().get("Cookie");
        if (given == null && cookies != null) {
            for (String header : cookies) {
                for (String cookie : header.split(";")) {
                    if (cookie.strip().startsWith(COOKIE + "=")) {
                        given = cookie.strip().substring(COOKIE.length() + 1);
                    }
                }
            }
        }
        return given != null
                && MessageDigest.isEqual(
                        given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write(("data: " + JSON.writeValueAsString(session.state(true)) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        streams.add(out); // the ticker writes to it until the tab closes; this handler's thread is done
    }

    private static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ConsoleServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return in.readAllBytes();
        }
    }

    private static byte[] uplot(String file) throws IOException {
        Properties pom = new Properties();
        try (InputStream in = ConsoleServer.class.getResourceAsStream(UPLOT_POM)) {
            if (in == null) {
                throw new IOException("the uPlot webjar is not on the class path");
            }
            pom.load(in);
        }
        return resource("/META-INF/resources/webjars/uplot/" + pom.getProperty("version") + "/dist/" + file);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One last state to every tab (the verdict), then the server stops. */
    @Override
    public void close() {
        everySecond();
        ticker.shutdownNow();
        for (OutputStream stream : streams) {
            try {
                stream.close();
            } catch (IOException e) {
                // gone already
            }
        }
        server.stop(0);
        handlers.shutdownNow();
    }
}
