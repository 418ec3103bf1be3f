package dev.gameday.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.FaultType;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.schedule.PlannedFault;
import dev.gameday.schedule.Topology;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's server and fault commands without a cluster: the token, the catalogue, the validator's verdicts. */
class ConsoleServerTest {
    private static final Path EXPERIMENT =
            Path.of(System.getProperty("gameday.repo.dir", "../.."), "experiments/az-power-off.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void everyRequestWithoutTheTokenIs401AndChangesNothing() throws Exception {
        GameDaySession session = new GameDaySession(EXPERIMENT);
        try (ConsoleServer server = new ConsoleServer(session, "127.0.0.1", 0)) {
            String url = server.url();
            String base = url.substring(0, url.indexOf("/?token="));
            String token = url.substring(url.indexOf("=") + 1);
            for (String path : List.of("/", "/state", "/events", "/uPlot.js", "/state?token=wrong")) {
                assertEquals(401, get(base + path, null).statusCode(), path);
            }
            for (String path : List.of("/inject", "/heal", "/heal-all", "/note", "/end")) {
                assertEquals(401, post(base + path, "{\"text\": \"x\"}", null).statusCode(), path);
            }
            assertEquals(401, post(base + "/note", "{\"text\": \"x\"}", "wrong").statusCode());
            HttpResponse<String> page = get(url, null);
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("Set-Cookie").orElse("").contains("HttpOnly"));
            assertEquals(200, get(base + "/uPlot.js", token).statusCode());

            JsonNode state = JSON.readTree(get(base + "/state", token).body());
            assertEquals("booting", state.path("status").asText());
            assertEquals(0, state.path("journal").size(), "the refused requests changed nothing");
            List<String> types = JSON.convertValue(
                    state.path("catalogue").findValues("type"),
                    JSON.getTypeFactory().constructCollectionType(List.class, String.class));
            assertEquals(
                    java.util.Arrays.stream(FaultType.values())
                            .map(FaultType::yamlName)
                            .toList(),
                    types);

            // With the token but before the cluster is up, commands are refused with a reason, not run.
            HttpResponse<String> early = post(base + "/note", "{\"text\": \"too early\"}", token);
            assertEquals(400, early.statusCode());
            assertTrue(early.body().contains("booting"), early.body());
        }
    }

    @Test
    void aFaultTheFileValidatorRefusesIsRefusedWithTheSameMessage() throws Exception {
        LoadedExperiment loaded = new ExperimentLoader().load(EXPERIMENT);
        Topology topology = Topology.fromShape(loaded.experiment().cluster());
        FaultCommands commands = new FaultCommands(EXPERIMENT, topology);

        String bad = "{\"type\": \"power-off\", \"target\": {\"node\": \"az9-storage-1\"}}";
        ExperimentException fromConsole =
                assertThrows(ExperimentException.class, () -> commands.plan(JSON.readTree(bad), 2, Duration.ZERO, 1));
        Path file = dir.resolve("bad.yaml");
        Files.writeString(
                file, Files.readString(EXPERIMENT).replace("target: {az: az1}", "target: {node: az9-storage-1}"));
        ExperimentException fromFile = assertThrows(ExperimentException.class, () -> new ExperimentLoader().load(file));
        assertEquals(
                fromFile.problems().get(0).message(),
                fromConsole.problems().get(0).message());
        assertEquals("field target.node: " + fromFile.problems().get(0).message(), FaultCommands.message(fromConsole));

        PlannedFault ok = commands.plan(
                JSON.readTree("{\"type\": \"power-off\", \"target\": {\"az\": \"az2\"}}"), 3, Duration.ofSeconds(5), 1);
        assertEquals(3, ok.id());
        assertEquals(List.of("az2-storage-1"), ok.nodes());
        assertEquals(Duration.ofSeconds(5), ok.start());
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            request.header("X-Gameday-Token", token);
        }
        if (url.endsWith("/events")) {
            return http.send(request.build(), r -> HttpResponse.BodySubscribers.replacing(""));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("X-Gameday-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
