package dev.gameday.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gameday.cluster.ContainerRun;
import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.experiment.TimeScale;
import dev.gameday.report.RunVerdict;
import dev.gameday.store.api.bugs.BugSwitches;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A game day driven through the console in headless Chromium against real containers: open the page, wait until
 * every canary series is green, power off a group's leader from the catalogue, see it marked down and the group
 * elect another leader, heal it, add a note, end the game day; the run directory then holds a passing verdict and
 * the note. A second tab on the same session sees the same fault, node state and note. On the way: a request without the token gets 401 and changes nothing, and a fault the file validator
 * refuses is refused with its message. Debian's chromium and chromedriver, as the report's BrowserTest uses; the
 * Docker engine and the store images, as every *IT. Several minutes, so it runs in the nightly profile.
 */
@Tag("docker")
class ConsoleBrowserIT {
    private static final Path CHROMIUM = Path.of(System.getProperty("gameday.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getProperty("gameday.chromedriver", "/usr/bin/chromedriver"));
    private static final Path REPO = Path.of(System.getProperty("gameday.repo.dir", "../.."));
    private static final String NOTE = "az1 leader gone, az2 and az3 stay green: as expected";

    private ChromeDriver browser;
    private Thread gameDay;

    @AfterEach
    void stop() throws InterruptedException {
        if (browser != null) {
            browser.quit();
        }
        if (gameDay != null && gameDay.isAlive()) {
            gameDay.interrupt();
            gameDay.join(TimeUnit.MINUTES.toMillis(3));
        }
    }

    @Test
    void aGameDayByHandEndsWithAPassingVerdictAndTheNoteInTheRunDirectory() throws Exception {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "console browser test skipped: needs " + CHROMIUM + " and " + CHROMEDRIVER);
        Path experimentFile = REPO.resolve("experiments/az-power-off.yaml");
        LoadedExperiment loaded = ConsoleGameDay.withoutSchedule(new ExperimentLoader().load(experimentFile));
        Path output = Path.of("target/console-it/gameday");
        CompletableFuture<String> url = new CompletableFuture<>();
        CompletableFuture<ContainerRun.Result> result = new CompletableFuture<>();
        gameDay = new Thread(
                () -> {
                    try {
                        result.complete(new ConsoleGameDay(loaded, new TimeScale(0.25), BugSwitches.none(), output)
                                .servingOn("127.0.0.1", 0)
                                .run(url::complete));
                    } catch (Throwable e) {
                        url.completeExceptionally(e);
                        result.completeExceptionally(e);
                    }
                },
                "console-game-day");
        gameDay.start();
        String address = url.get(1, TimeUnit.MINUTES);
        String base = address.substring(0, address.indexOf("/?token="));

        HttpClient http = HttpClient.newHttpClient();
        assertEquals(
                401,
                http.send(
                                HttpRequest.newBuilder(URI.create(base + "/state"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode());
        assertEquals(
                401,
                http.send(
                                HttpRequest.newBuilder(URI.create(base + "/end"))
                                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode());

        browser = chromium();
        browser.get(address);
        // The page redraws the topology and lists when they change: an element read a moment ago may be gone.
        WebDriverWait boot = new WebDriverWait(browser, Duration.ofMinutes(6), Duration.ofSeconds(1));
        boot.ignoring(StaleElementReferenceException.class);
        boot.until(b -> text("status").equals("running"));
        // Every client AZ through every router, green for the last second.
        boot.until(b -> {
            List<WebElement> tiles = b.findElements(By.cssSelector("#charts .tile"));
            return tiles.size() == 9
                    && tiles.stream().allMatch(t -> t.getAttribute("class").contains("green"));
        });
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90), Duration.ofMillis(500));
        wait.ignoring(StaleElementReferenceException.class);
        WebElement leaderRow = wait.until(b -> b.findElements(By.cssSelector("#groups tr[data-group]")).stream()
                .filter(r -> !r.getAttribute("data-leader").equals("(none)"))
                .findFirst()
                .orElse(null));
        String group = leaderRow.getAttribute("data-group");
        String leader = leaderRow.getAttribute("data-leader");

        // A fault the file validator refuses is refused with the validator's message.
        setDeclaration("{\"type\": \"power-off\", \"target\": {\"node\": \"az9-storage-1\"}}");
        browser.findElement(By.id("inject")).click();
        String expected = validatorMessage(experimentFile, "{type: power-off, target: {node: az9-storage-1}}");
        wait.until(b -> text("message").contains(expected));

        new Select(browser.findElement(By.id("fault-type"))).selectByValue("power-off");
        new Select(browser.findElement(By.id("target-kind"))).selectByValue("node");
        new Select(browser.findElement(By.id("target-node"))).selectByValue(leader);
        browser.findElement(By.id("inject")).click();
        wait.until(b -> "down".equals(nodeState(leader)));
        wait.until(b -> {
            String now = browser.findElement(By.cssSelector("#groups tr[data-group='" + group + "']"))
                    .getAttribute("data-leader");
            return !now.equals(leader) && !now.equals("(none)");
        });
        screenshot("leader-down");

        // A second tab on the same session sees the same state: the node down, the fault active.
        String firstTab = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(address);
        String secondTab = browser.getWindowHandle();
        wait.until(b -> "down".equals(nodeState(leader)));
        wait.until(b -> !b.findElements(By.cssSelector("#active-faults li[data-fault='1']"))
                .isEmpty());
        browser.switchTo().window(firstTab);

        wait.until(b -> {
            b.findElement(By.cssSelector("#active-faults li[data-fault='1'] button.heal"))
                    .click();
            return true;
        });
        wait.until(b -> "up".equals(nodeState(leader)));
        browser.findElement(By.id("note-text")).sendKeys(NOTE);
        browser.findElement(By.id("add-note")).click();
        wait.until(b -> text("journal").contains(NOTE));
        browser.switchTo().window(secondTab);
        wait.until(b -> text("journal").contains(NOTE) && "up".equals(nodeState(leader)));
        browser.switchTo().window(firstTab);

        browser.findElement(By.id("end")).click();
        browser.switchTo().alert().accept();
        ContainerRun.Result done = result.get(8, TimeUnit.MINUTES);
        screenshot("ended");

        Path dir = done.directory().dir();
        assertEquals(RunVerdict.PASS, done.results().verdict(), done.results().reasons()::toString);
        assertTrue(Files.readString(dir.resolve("results.json")).contains("\"verdict\" : \"pass\"")
                || Files.readString(dir.resolve("results.json")).contains("\"verdict\":\"pass\""));
        String nemesisLog = Files.readString(dir.resolve("nemesis.log"), StandardCharsets.UTF_8);
        assertTrue(nemesisLog.contains(NOTE), nemesisLog);
        assertTrue(nemesisLog.contains("OPERATOR inject #1 power-off of node " + leader), nemesisLog);
        assertTrue(nemesisLog.contains("run by operators until they end the game day"), nemesisLog);
        assertTrue(nemesisLog.contains("ENDED  game day, by the operators"), nemesisLog);
        assertTrue(Files.readString(dir.resolve("report.html")).contains(NOTE), "the note in report.html's journal");
        assertNotEquals(0, done.results().faults().size());
    }

    private static String validatorMessage(Path experimentFile, String fault) throws Exception {
        String text = Files.readString(experimentFile)
                .replaceAll(
                        "(?s)\nschedule:.*?\nhypothesis:",
                        "\nschedule:\n  - name: console\n    duration: 12h\n    faults:\n      - " + fault
                                + "\n\nhypothesis:");
        Path file = Files.createTempFile("console-it", ".yaml");
        try {
            Files.writeString(file, text.replace("- {type", "- {at: 0s, duration: 12h, type"));
            new ExperimentLoader().load(file);
            throw new AssertionError("the validator took " + fault);
        } catch (ExperimentException e) {
            return e.problems().get(0).message();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void setDeclaration(String json) {
        WebElement area = browser.findElement(By.id("fault-json"));
        area.clear();
        area.sendKeys(json);
    }

    private String nodeState(String node) {
        return browser.findElement(By.cssSelector("#topology tr[data-node='" + node + "']"))
                .getAttribute("data-state");
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private void screenshot(String name) throws Exception {
        Path out = Path.of("target/console-screenshots");
        Files.createDirectories(out);
        Files.write(out.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1500,1100");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
