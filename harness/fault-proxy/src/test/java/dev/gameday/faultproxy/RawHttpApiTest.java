package dev.gameday.faultproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;

/** The parts of the API the Java client never sends: PATCH, /populate, raw error bodies, odd requests. */
class RawHttpApiTest extends ProxyTestSupport {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.apiAddress().getPort() + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private void assertError(HttpResponse<String> response, int status, String message) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = json.readTree(response.body());
        assertEquals(message, error.get("error").asText());
        assertEquals(status, error.get("status").asInt());
    }

    private String proxyJson(String name) {
        return "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"}";
    }

    @Test
    void versionBodyIsToxiproxysShape() throws Exception {
        HttpResponse<String> response = send("GET", "/version", null);
        assertEquals(200, response.statusCode());
        assertEquals("{\"version\": \"2.12.0\"}\n", response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
    }

    @Test
    void browsersAreRefused() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.apiAddress().getPort() + "/proxies"))
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)")
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, BodyHandlers.ofString());
        assertEquals(403, response.statusCode());
        assertEquals("User agent not allowed\n", response.body());
    }

    @Test
    void proxiesListIsAnObjectKeyedByName() throws Exception {
        assertEquals("{}", send("GET", "/proxies", null).body());
        assertEquals(201, send("POST", "/proxies", proxyJson("b")).statusCode());
        assertEquals(201, send("POST", "/proxies", proxyJson("a")).statusCode());
        JsonNode proxies = json.readTree(send("GET", "/proxies", null).body());
        assertEquals(2, proxies.size());
        JsonNode a = proxies.get("a");
        assertEquals("a", a.get("name").asText());
        assertEquals(echo.address(), a.get("upstream").asText());
        assertTrue(a.get("enabled").asBoolean());
        assertTrue(a.get("toxics").isArray());
        assertEquals("[]", send("GET", "/proxies/a/toxics", null).body());
    }

    @Test
    void patchUpdatesOnlyTheGivenFields() throws Exception {
        JsonNode created =
                json.readTree(send("POST", "/proxies", proxyJson("p")).body());
        HttpResponse<String> patched = send("PATCH", "/proxies/p", "{\"enabled\":false}");
        assertEquals(200, patched.statusCode());
        JsonNode proxy = json.readTree(patched.body());
        assertFalse(proxy.get("enabled").asBoolean());
        assertEquals(created.get("listen"), proxy.get("listen"));
        assertEquals(created.get("upstream"), proxy.get("upstream"));
    }

    @Test
    void toxicPatchKeepsOmittedAttributesAndStreamDefaultsToDownstream() throws Exception {
        send("POST", "/proxies", proxyJson("p"));
        HttpResponse<String> created = send(
                "POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":50,\"jitter\":5}}");
        assertEquals(200, created.statusCode(), created.body());
        JsonNode toxic = json.readTree(created.body());
        assertEquals("latency_downstream", toxic.get("name").asText());
        assertEquals("downstream", toxic.get("stream").asText());
        assertEquals(1.0, toxic.get("toxicity").asDouble());

        JsonNode patched = json.readTree(send(
                        "PATCH",
                        "/proxies/p/toxics/latency_downstream",
                        "{\"attributes\":{\"latency\":70},\"toxicity\":0.25}")
                .body());
        assertEquals(70, patched.get("attributes").get("latency").asLong());
        assertEquals(5, patched.get("attributes").get("jitter").asLong());
        assertEquals(0.25, patched.get("toxicity").asDouble());
        assertEquals(
                204,
                send("DELETE", "/proxies/p/toxics/latency_downstream", null).statusCode());
        assertError(send("DELETE", "/proxies/p/toxics/latency_downstream", null), 404, "toxic not found");
    }

    @Test
    void populateCreatesReplacesAndKeepsProxies() throws Exception {
        HttpResponse<String> first = send("POST", "/populate", "[" + proxyJson("one") + "," + proxyJson("two") + "]");
        assertEquals(201, first.statusCode(), first.body());
        JsonNode created = json.readTree(first.body()).get("proxies");
        assertEquals(2, created.size());
        send("POST", "/proxies/one/toxics", "{\"type\":\"noop\"}");

        // Same addresses: "one" is kept with its toxic; a new upstream replaces "two".
        String one = created.get(0).get("listen").asText();
        String body = "[{\"name\":\"one\",\"listen\":\"" + one + "\",\"upstream\":\"" + echo.address() + "\"},"
                + "{\"name\":\"two\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}]";
        JsonNode second = json.readTree(send("POST", "/populate", body).body()).get("proxies");
        assertEquals(1, second.get(0).get("toxics").size());
        assertEquals("127.0.0.1:1", second.get(1).get("upstream").asText());
    }

    @Test
    void populateChecksTheWholeRequestFirst() throws Exception {
        String body = "[" + proxyJson("fine") + ",{\"name\":\"broken\"}]";
        HttpResponse<String> response = send("POST", "/populate", body);
        assertError(response, 400, "missing required field: upstream at proxy 2");
        assertTrue(json.readTree(response.body()).get("proxies").isNull());
        assertEquals("{}", send("GET", "/proxies", null).body(), "a rejected populate changed state");
    }

    @Test
    void resetAnswersNoContent() throws Exception {
        send("POST", "/proxies", proxyJson("p"));
        send("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":1000}}");
        HttpResponse<String> reset = send("POST", "/reset", null);
        assertEquals(204, reset.statusCode());
        assertEquals("[]", send("GET", "/proxies/p/toxics", null).body());
    }

    @Test
    void badRequestsGetToxiproxysErrors() throws Exception {
        assertTrue(send("POST", "/proxies", "{not json").body().contains("bad request body: "));
        assertEquals(400, send("POST", "/proxies", "{not json").statusCode());
        assertError(send("POST", "/proxies", ""), 400, "bad request body: EOF");
        assertError(send("POST", "/proxies", "{\"upstream\":\"x:1\"}"), 400, "missing required field: name");
        assertError(
                send("POST", "/proxies", "{\"name\":7,\"upstream\":\"x:1\"}"),
                400,
                "bad request body: field name must be a string, got 7");
        send("POST", "/proxies", proxyJson("p"));
        assertError(
                send("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"stream\":\"sideways\"}"),
                400,
                "stream was invalid, can be either upstream or downstream");
        assertError(send("POST", "/proxies/p/toxics", "{\"type\":\"earthquake\"}"), 400, "invalid toxic type");
        assertError(
                send("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":\"slow\"}}"),
                400,
                "bad request body: attribute latency must be an integer, got \"slow\"");
        assertError(
                send("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"attributes\":{\"latncy\":5}}"),
                400,
                "bad request body: unknown attribute latncy for toxic type latency (known: [latency, jitter])");
        assertError(send("POST", "/proxies/nope/toxics", "{\"type\":\"noop\"}"), 404, "proxy not found");
        assertEquals(404, send("GET", "/nothing-here", null).statusCode());
        assertEquals(405, send("PUT", "/proxies", "{}").statusCode());
    }

    @Test
    void metricsCountProxiedBytesPerDirection() throws Exception {
        JsonNode proxy =
                json.readTree(send("POST", "/proxies", proxyJson("counted")).body());
        String listen = proxy.get("listen").asText();
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)))) {
            socket.setSoTimeout(5000);
            roundTripMillis(socket, 1000);
            roundTripMillis(socket, 234);
        }
        String metrics = send("GET", "/metrics", null).body();
        assertEquals(1234.0, metricValue(metrics, "toxiproxy_proxy_received_bytes_total", "upstream"), metrics);
        assertEquals(1234.0, metricValue(metrics, "toxiproxy_proxy_sent_bytes_total", "upstream"), metrics);
        assertEquals(1234.0, metricValue(metrics, "toxiproxy_proxy_sent_bytes_total", "downstream"), metrics);
    }

    private static double metricValue(String metrics, String name, String direction) {
        return metrics.lines()
                .filter(line -> line.startsWith(name + "{")
                        && line.contains("direction=\"" + direction + "\"")
                        && line.contains("proxy=\"counted\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " for " + direction));
    }

    @Test
    void serverKeepsServingAfterGarbage() throws Exception {
        try (Socket raw = new Socket("127.0.0.1", server.apiAddress().getPort())) {
            raw.getOutputStream()
                    .write("\u0000\u0001garbage\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            raw.getInputStream().readAllBytes();
        }
        for (int i = 0; i < 20; i++) {
            send("POST", "/proxies/p" + i + "/toxics", "[[[");
        }
        assertEquals(200, send("GET", "/version", null).statusCode());
    }
}
