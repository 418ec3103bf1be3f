package dev.gameday.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.experiment.TimeScale;
import dev.gameday.metrics.LiveMetrics;
import dev.gameday.metrics.MetricsEndpoint;
import dev.gameday.metrics.RunInfo;
import dev.gameday.metrics.RunListener;
import dev.gameday.nemesis.LocalProcessCluster;
import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import dev.gameday.schedule.PlannedExperiment;
import dev.gameday.schedule.PlannedFault;
import dev.gameday.schedule.Topology;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live metrics through a real Prometheus (Debian's {@code /usr/bin/prometheus}, a child process scraping every
 * second): a short run against the in-process store with one AZ powered off, then every PromQL expression of
 * dashboards/*.json evaluated through Prometheus' query API. Panels must have data when the run is over; the
 * annotations (faults, alarms) at some instant of the run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveMetricsPrometheusTest {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(30);
    /** What the dashboards' {@code $__rate_interval} stands for here: longer than the whole run. */
    private static final String RATE_INTERVAL = "1m";

    private static final String EXPERIMENT = """
            seed: 5
            cluster:
              azs: [az1, az2]
              storageNodesPerAz: 1
              routersPerAz: 1
              tables: [{name: canary, partitions: 1}]
            workload:
              table: canary
              ratePerAz: 40
              registerKeys: 2
              mix: {read: 1, write: 1, cas: 1, uniqueWrite: 2}
              itemBytes: {min: 10, max: 20}
            schedule:
              - name: steady
                duration: 1500ms
              - name: az-down
                duration: 4s
                faults:
                  - {type: power-off, target: {az: az1}, at: 500ms, duration: 2500ms}
            hypothesis: {successRatio: 0.5, recovery: 1s}
            availability: {window: 500ms, alarmErrorRatio: 0.01, alarmWindows: 2}
            """;

    @TempDir
    static Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private MetricsEndpoint endpoint;
    private Process prometheus;
    private URI prometheusUri;
    private Results results;
    private Path runDir;
    private volatile Instant runStart;
    private volatile Instant faultStart;
    private volatile Instant faultHealed;
    private Instant afterRun;

    @BeforeAll
    void runWhilePrometheusScrapes() throws Exception {
        assumeTrue(
                Files.isExecutable(PROMETHEUS),
                PROMETHEUS + " is missing: install Debian's prometheus package "
                        + "(scripts/ensure-packages) to test the live metrics and dashboards/ through a real Prometheus");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        endpoint = MetricsEndpoint.start(registry, MetricsEndpoint.DEFAULT_HOST, 0);
        prometheus = startPrometheus(endpoint.port());
        awaitScrapeTargetUp();

        RunListener instants = new RunListener() {
            @Override
            public void runStarted(RunInfo run) {
                runStart = Instant.now();
            }

            @Override
            public void faultStarted(PlannedFault fault, List<String> nodes) {
                faultStart = Instant.now();
            }

            @Override
            public void faultHealed(PlannedFault fault) {
                faultHealed = Instant.now();
            }
        };
        results = run(RunListener.all(List.of(new LiveMetrics(registry), endpoint, instants)));
        // Two scrapes after the end: the final phase and the scrub's counters are in Prometheus. Waited for, not
        // slept for: on a loaded machine Prometheus scrapes late.
        Instant deadline = Instant.now().plus(STARTUP_LIMIT);
        while (query("gameday_run_phase{phase=\"done\"} == 1", Instant.now()).isEmpty()
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        Thread.sleep(1_500);
        afterRun = Instant.now();
    }

    @AfterAll
    void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void everyDashboardExpressionHasDataInPrometheus() throws Exception {
        assertEquals(RunVerdict.PASS, results.verdict(), results.reasons().toString());
        List<DashboardExpression> expressions = dashboardExpressions();
        assertTrue(expressions.size() >= 10, "dashboards/ has its panels' queries: " + expressions);
        List<String> empty = new ArrayList<>();
        for (DashboardExpression e : expressions) {
            List<Instant> at = e.annotation() ? instantsOfTheRun() : List.of(afterRun);
            boolean data = false;
            for (Instant instant : at) {
                if (!query(e.promql(), instant).isEmpty()) {
                    data = true;
                    break;
                }
            }
            if (!data) {
                empty.add(e.file() + ": " + e.promql());
            }
        }
        assertEquals(List.of(), empty, "dashboard expressions without a series in Prometheus");
    }

    @Test
    void errorsOfAHealthyEndpointAreZeroNotMissing() throws Exception {
        String errors = "sum(increase(gameday_canary_requests_total{endpoint=\"%s\",outcome=\"error\"}[" + RATE_INTERVAL
                + "]))";
        List<JsonNode> healthy = query(errors.formatted("az2-router-1"), afterRun);
        assertEquals(1, healthy.size(), "az2's router never failed: a series with 0, not none: " + healthy);
        assertEquals(0.0, value(healthy.get(0)), "errors through az2's router: " + healthy);
        List<JsonNode> poweredOff = query(errors.formatted("az1-router-1"), afterRun);
        assertEquals(1, poweredOff.size(), poweredOff.toString());
        assertTrue(
                value(poweredOff.get(0)) > 0,
                "the same query sees the refused calls through az1's router: " + poweredOff);
    }

    @Test
    void aFaultIsActiveWhileInjectedAndNotAfterwards() throws Exception {
        // Any scrape while the fault was in effect, not one at a chosen instant: on a loaded machine a scrape can
        // come a second late, and then the instant in the middle of the fault sees none.
        long seconds = Math.max(1, Duration.between(faultStart, faultHealed).toSeconds());
        List<JsonNode> during = query("max_over_time(gameday_fault_active[" + seconds + "s]) == 1", faultHealed);
        assertEquals(1, during.size(), "the power-off of az1, scraped while in effect: " + during);
        assertEquals("power-off", during.get(0).get("metric").get("type").asText());
        assertEquals(List.of(), query("gameday_fault_active == 1", afterRun), "every fault healed");
        assertFalse(
                query("gameday_alarms_raised_total{endpoint=\"az1-router-1\"} > 0", afterRun)
                        .isEmpty(),
                "az1 powered off for 2.5 s raises the alarm on its router");
        assertEquals(
                List.of(),
                query("gameday_alarms_raised_total{endpoint=\"az2-router-1\"} > 0", afterRun),
                "no alarm on the healthy router");
        List<JsonNode> phase = query("gameday_run_phase == 1", afterRun);
        assertEquals(1, phase.size(), phase.toString());
        assertEquals("done", phase.get(0).get("metric").get("phase").asText());
        JsonNode recorded = json.readTree(runDir.resolve("metrics.json").toFile());
        assertEquals(endpoint.port(), recorded.get("port").asInt(), "the run directory records the port");
    }

    private Results run(RunListener listener) throws Exception {
        Path file = dir.resolve("live-metrics.yaml");
        Files.writeString(file, EXPERIMENT);
        LoadedExperiment loaded = new ExperimentLoader().load(file);
        RunDirectory runDirectory = RunDirectory.create(dir.resolve("gameday"), "live-metrics", Instant.now());
        runDir = runDirectory.dir();
        try (LocalProcessCluster cluster =
                new LocalProcessCluster(Topology.fromShape(loaded.experiment().cluster()), Map.of())) {
            return new GamedayRun(
                            PlannedExperiment.plan(loaded, TimeScale.REAL_TIME, cluster.topology()),
                            cluster,
                            new InMemoryStore(cluster, false),
                            runDirectory)
                    .reportingTo(listener)
                    .run();
        }
    }

    private Process startPrometheus(int metricsPort) throws IOException, InterruptedException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                scrape_configs:
                  - job_name: gameday
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(metricsPort));
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(
                        PROMETHEUS.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("prometheus-data")),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        prometheusUri = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "prometheus exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "prometheus not ready within " + STARTUP_LIMIT + ": " + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }

    private void awaitScrapeTargetUp() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = get("/api/v1/targets").body();
            for (JsonNode target : json.readTree(last).path("data").path("activeTargets")) {
                if (target.path("health").asText().equals("up")) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the harness's /metrics never came up as a target: " + last);
    }

    /** The result vector of an instant query at {@code at}. */
    private List<JsonNode> query(String promql, Instant at) throws IOException, InterruptedException {
        String body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time="
                        + String.format(Locale.ROOT, "%.3f", at.toEpochMilli() / 1000.0))
                .body();
        JsonNode response = json.readTree(body);
        if (!response.path("status").asText().equals("success")) {
            throw new AssertionError("Prometheus rejected " + promql + ": " + body);
        }
        List<JsonNode> series = new ArrayList<>();
        response.path("data").path("result").forEach(series::add);
        return series;
    }

    private static double value(JsonNode sample) {
        return Double.parseDouble(sample.get("value").get(1).asText());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(prometheusUri.resolve(path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Every second of the run, and the instant after it. */
    private List<Instant> instantsOfTheRun() {
        List<Instant> instants = new ArrayList<>();
        for (Instant at = runStart; at.isBefore(afterRun); at = at.plusSeconds(1)) {
            instants.add(at);
        }
        instants.add(afterRun);
        return instants;
    }

    /** A PromQL expression of a dashboard panel or annotation, with Grafana's interval variable filled in. */
    private record DashboardExpression(String file, String promql, boolean annotation) {}

    private List<DashboardExpression> dashboardExpressions() throws IOException {
        Path dashboards = Path.of(System.getProperty("gameday.dashboardsDir", "../../dashboards"));
        List<DashboardExpression> expressions = new ArrayList<>();
        try (Stream<Path> files = Files.list(dashboards)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = json.readTree(file.toFile());
                for (JsonNode annotation : dashboard.path("annotations").path("list")) {
                    if (annotation.hasNonNull("expr")) {
                        expressions.add(expression(file, annotation.get("expr").asText(), true));
                    }
                }
                for (JsonNode expr : dashboard.path("panels").findValues("expr")) {
                    expressions.add(expression(file, expr.asText(), false));
                }
            }
        }
        return expressions;
    }

    private static DashboardExpression expression(Path file, String expr, boolean annotation) {
        String promql = expr.replace("$__rate_interval", RATE_INTERVAL);
        assertFalse(promql.contains("$"), file + ": a Grafana variable this test does not fill in: " + expr);
        return new DashboardExpression(file.getFileName().toString(), promql, annotation);
    }
}
