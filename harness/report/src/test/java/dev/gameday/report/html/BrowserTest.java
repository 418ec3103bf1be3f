package dev.gameday.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Opens report.html and index.html in headless Chromium, as a reader would: every chart drew, every fault window
 * is shaded where nemesis.log puts it, and the browser logged no error. Uses Debian's chromium and chromedriver
 * (scripts/install-test-packages installs them); without them the test is skipped, saying so. Screenshots go to
 * target/report-screenshots/. {@code -Dgameday.report.extraRuns=DIR,...} also checks real run directories (each copied
 * into target/ first: the test writes report.html beside the run's files).
 */
class BrowserTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("gameday.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getProperty("gameday.chromedriver", "/usr/bin/chromedriver"));
    private static final Path OUT = Path.of("target");
    private static final Pattern NEMESIS_LINE = Pattern.compile("^\\+\\s*([0-9.]+)s (START|END)\\s+#(\\d+) ");

    private static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser test skipped: needs " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (apt-get install chromium chromium-driver, as scripts/install-test-packages does)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Root in a container: no sandbox; /dev/shm is small there, so Chromium uses /tmp instead.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1400,1000",
                "--allow-file-access-from-files");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void reportsOfAPassingAndAFailingRunDrawEveryChartAndShadeEveryFault() throws Exception {
        Path root = fresh(OUT.resolve("browser-test/gameday"));
        List<Path> runs = new ArrayList<>();
        runs.add(SyntheticRun.withTwoFaults(300, 3).write(root, "leader-power-offs", "20261205T200000Z"));
        runs.add(SyntheticRun.withTwoFaults(300, 3)
                .withViolations()
                .write(root, "leader-power-offs", "20261205T201000Z"));
        // An hour at a low rate: as many buckets as a busy hour (the page's size and drawing time depend on them).
        runs.add(SyntheticRun.withTwoFaults(3600, 0.5).write(root, "one-hour", "20261205T190000Z"));
        for (String extra : System.getProperty("gameday.report.extraRuns", "").split(",")) {
            if (!extra.isBlank()) {
                Path source = Path.of(extra.strip()).toRealPath();
                runs.add(copyRun(
                        source, root.resolve(source.getParent().getFileName()).resolve(source.getFileName())));
            }
        }
        for (Path run : runs) {
            Path report = RunReport.write(run);
            long millis = open(report, "gamedayReport");
            String name = run.getParent().getFileName() + "-" + run.getFileName();
            System.out.printf("%s: report.html %d bytes, opened in %d ms%n", name, Files.size(report), millis);
            assertEveryCanvasDrew(name, "gamedayReport");
            assertFaultWindowsShadedAsNemesisLogSays(run);
            assertNoConsoleErrors(name);
            screenshot("report-" + name);
        }

        Path index = RunsIndexPage.write(root);
        long millis = open(index, "gamedayIndex");
        System.out.printf("index.html: %d bytes, opened in %d ms%n", Files.size(index), millis);
        long links = (Long) js("return document.querySelectorAll('a[href$=\"report.html\"]').length");
        assertEquals(runs.size(), links, "a report link per run");
        @SuppressWarnings("unchecked")
        List<String> hrefs =
                (List<String>) js("return [...document.querySelectorAll('a[href$=\"report.html\"]')].map(a => a.href)");
        for (String href : hrefs) {
            assertTrue(Files.isRegularFile(Path.of(java.net.URI.create(href))), "link to a missing report: " + href);
        }
        assertEveryCanvasDrew("index", "gamedayIndex");
        assertNoConsoleErrors("index");
        screenshot("index");
    }

    /** Loads the page and waits for its script to finish; returns how long that took. */
    private static long open(Path page, String readyObject) {
        long start = System.nanoTime();
        browser.get(page.toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                        .executeScript("return !!(window." + readyObject + " && window." + readyObject + ".ready)")));
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static void assertEveryCanvasDrew(String page, String readyObject) {
        @SuppressWarnings("unchecked")
        List<Object> blank = (List<Object>) js("""
                return [...document.querySelectorAll('canvas')].filter(c => {
                  const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  for (let i = 3; i < px.length; i += 4) { if (px[i] > 0) return false; }
                  return true;
                }).map(c => c.closest('[data-chart]') ? c.closest('[data-chart]').dataset.chart : c.dataset.chart);""");
        long canvases = (Long) js("return document.querySelectorAll('canvas').length");
        long expected = (Long) js("return window." + readyObject + ".charts.length");
        assertTrue(
                expected > 0 && canvases >= expected, page + ": " + canvases + " canvases for " + expected + " charts");
        assertEquals(List.of(), blank, page + ": charts that drew nothing");
    }

    /**
     * For every chart and every fault of at least two seconds, the canvas column at the middle of the window (as
     * nemesis.log times it) is mostly the fault's shade, and a column outside every window has none of it.
     */
    @SuppressWarnings("unchecked")
    private static void assertFaultWindowsShadedAsNemesisLogSays(Path run) throws Exception {
        Map<Integer, double[]> logged = windowsInNemesisLog(run.resolve("nemesis.log"));
        List<Map<String, Object>> shown = (List<Map<String, Object>>) js("return window.gamedayReport.data.faults");
        assertEquals(logged.size(), shown.size(), "faults in the page vs START lines in nemesis.log");
        for (Map<String, Object> fault : shown) {
            double[] window = logged.get(((Long) fault.get("id")).intValue());
            assertEquals(window[0], ((Number) fault.get("start")).doubleValue(), 1e-6, "start of fault " + fault);
            assertEquals(window[1], ((Number) fault.get("end")).doubleValue(), 1e-6, "end of fault " + fault);
        }
        // The series are hidden while the shading is sampled (a busy latency chart strokes most of a column),
        // then shown again; uPlot redraws on the next microtask, hence the asynchronous script.
        List<Map<String, Object>> checks = (List<Map<String, Object>>) ((JavascriptExecutor) browser)
                .executeAsyncScript(
                        """
                const done = arguments[arguments.length - 1];
                const colors = {"power-off": [198, 40, 40], "pause": [106, 27, 154], "partition": [239, 108, 0],
                                "link": [21, 101, 192], "corrupt": [121, 85, 72]};
                const windows = arguments[0];
                const charts = window.gamedayReport.charts;
                const showSeries = show => charts.forEach(c => c.uplot.series.forEach((s, i) => {
                  if (i > 0) c.uplot.setSeries(i, {show});
                }));
                // Fraction of the plot's height at time t whose pixel is the given colour at shading opacity.
                const shadedFraction = (u, t, rgb) => {
                  const x = Math.round(u.valToPos(t, 'x', true));
                  const px = u.ctx.getImageData(x, u.bbox.top, 1, u.bbox.height).data;
                  let hits = 0;
                  for (let i = 0; i < px.length; i += 4) {
                    const close = Math.abs(px[i] - rgb[0]) < 12 && Math.abs(px[i + 1] - rgb[1]) < 12 && Math.abs(px[i + 2] - rgb[2]) < 12;
                    if (close && px[i + 3] > 15 && px[i + 3] < 70) hits++;
                  }
                  return hits / (px.length / 4);
                };
                const end = window.gamedayReport.data.timeline.end;
                const outside = [...Array(Math.floor(end)).keys()].map(s => s + 0.5)
                  .find(t => windows.every(w => t < w[0] - 2 || t > w[1] + 2));
                showSeries(false);
                setTimeout(() => {
                  const out = [];
                  for (const c of charts) {
                    for (const w of windows.filter(w => w[1] - w[0] >= 2)) {
                      out.push({chart: c.key, fault: w[2], at: (w[0] + w[1]) / 2,
                                shaded: shadedFraction(c.uplot, (w[0] + w[1]) / 2, colors[w[3]])});
                    }
                    if (outside != null) {
                      const hits = windows.map(w => shadedFraction(c.uplot, outside, colors[w[3]]));
                      out.push({chart: c.key, fault: 0, at: outside, shaded: Math.max(...hits)});
                    }
                  }
                  showSeries(true);
                  done(out);
                }, 100);
                """,
                        shown.stream()
                                .map(f -> List.of(
                                        ((Number) f.get("start")).doubleValue(),
                                        ((Number) f.get("end")).doubleValue(),
                                        f.get("id"),
                                        f.get("type")))
                                .toList());
        assertTrue(!checks.isEmpty(), "no chart to check the shading on");
        for (Map<String, Object> check : checks) {
            double shaded = ((Number) check.get("shaded")).doubleValue();
            if (((Long) check.get("fault")) == 0) {
                assertEquals(0.0, shaded, 0.05, "shading outside every fault window: " + check);
            } else {
                assertTrue(shaded > 0.8, "fault window not shaded: " + check);
            }
        }
    }

    /** Fault id -> [start, end] from the START and END lines, parsed here independently of the report's code. */
    private static Map<Integer, double[]> windowsInNemesisLog(Path log) throws Exception {
        Map<Integer, double[]> windows = new TreeMap<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = NEMESIS_LINE.matcher(line);
            if (m.find()) {
                double[] w = windows.computeIfAbsent(Integer.parseInt(m.group(3)), id -> new double[] {-1, -1});
                w[m.group(2).equals("START") ? 0 : 1] = Double.parseDouble(m.group(1));
            }
        }
        return windows;
    }

    private static void assertNoConsoleErrors(String page) {
        List<String> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
        assertEquals(List.of(), severe, page + ": browser console errors");
    }

    /** The whole page, not just the window: the browser is made as tall as the document first. */
    private static void screenshot(String name) throws Exception {
        long height = (Long) js("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(1400, (int) Math.min(height + 100, 16000)));
        Path dir = Files.createDirectories(OUT.resolve("report-screenshots"));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(new Dimension(1400, 1000));
    }

    private static Path fresh(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** The run's own files, without data/ (the nodes' data, large and not read by the report). */
    private static Path copyRun(Path source, Path target) throws Exception {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }
}
