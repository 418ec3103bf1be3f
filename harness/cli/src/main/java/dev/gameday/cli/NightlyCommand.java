package dev.gameday.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.cluster.ContainerRun;
import dev.gameday.cluster.EnvironmentException;
import dev.gameday.experiment.DurationText;
import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.experiment.PlanFile;
import dev.gameday.experiment.TimeScale;
import dev.gameday.metrics.ProgressLine;
import dev.gameday.nightly.NightlySummary;
import dev.gameday.nightly.Shrinker;
import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.bugs.StoreBug;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nightly EXPERIMENT... --for 6h}: runs the experiments round-robin until the time is spent, a fresh seed
 * per round for generated ones, shrinks each failure of a run to a smaller plan that still fails, and writes a
 * summary. One run at a time: each boots and removes its own cluster.
 */
@Command(
        name = "nightly",
        description =
                "Run experiments round-robin until the time is spent (generated ones with a fresh seed each round), "
                        + "shrink failures to a minimal plan, write summary.md/json.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every run passed",
            "1:some run failed",
            "2:bad input or environment",
            "3:no run failed, but some were unknown or could not run"
        })
public final class NightlyCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Parameters(
            arity = "1..*",
            paramLabel = "EXPERIMENT",
            description = "Experiment files, run in this order each round.")
    List<Path> experimentFiles;

    @Option(
            names = "--for",
            required = true,
            paramLabel = "DURATION",
            description = "How long to go on, e.g. 6h or 45m: no run starts after that (the one running finishes).")
    String forText;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "Derives every generated experiment's seed for every round (default: drawn and printed).")
    Long seed;

    @Option(
            names = "--time-scale",
            paramLabel = "FACTOR",
            description = "Multiply every duration of the schedules. Default: -D" + TimeScale.PROPERTY + " or 1.")
    Double timeScale;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            defaultValue = "target/gameday",
            description =
                    "Where run directories go; the summary goes to DIR/nightly/TIMESTAMP/ (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(
            names = "--store-bug",
            paramLabel = "BUG",
            converter = RunCommand.StoreBugName.class,
            completionCandidates = RunCommand.StoreBugName.class,
            description = "Turn on a store bug (to measure how soon a nightly catches it): ${COMPLETION-CANDIDATES}. "
                    + "Also needs " + BugSwitches.ENV + "=" + BugSwitches.ENV_VALUE + ".")
    List<StoreBug> storeBugs = new ArrayList<>();

    @Option(
            names = "--shrink",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Shrink each failed run's plan to a minimal.yaml that still fails the same way (default: on; "
                    + "--no-shrink turns it off).")
    boolean shrink;

    @Option(
            names = "--shrink-budget",
            paramLabel = "DURATION",
            defaultValue = "1h",
            description = "No shrinking run starts after this long per failure (default: ${DEFAULT-VALUE}); a nightly "
                    + "can end this much after --for.")
    String shrinkBudgetText;

    @Option(
            names = "--confirm",
            paramLabel = "N",
            defaultValue = "0",
            description = "Re-run each minimal.yaml N times and report how often it fails the same way (default: 0).")
    int confirmRuns;

    @Option(
            names = "--stop-at-first-failure",
            description = "End the nightly after its first failed run (and that run's shrinking): how many rounds a "
                    + "--store-bug takes to be caught is then the failed run's round in the summary.")
    boolean stopAtFirstFailure;

    @Spec
    CommandSpec spec;

    private PrintWriter err;

    @Override
    public Integer call() throws InterruptedException {
        err = spec.commandLine().getErr();
        Duration budget;
        Duration shrinkBudget;
        List<LoadedExperiment> experiments = new ArrayList<>();
        BugSwitches bugs;
        try {
            budget = DurationText.parse(forText);
            shrinkBudget = DurationText.parse(shrinkBudgetText);
            bugs = BugSwitches.of(storeBugs);
            bugs.checkAllowed(System.getenv());
            for (Path file : experimentFiles) {
                experiments.add(new ExperimentLoader().load(file));
            }
        } catch (ExperimentException e) {
            err.println(e.getMessage());
            return RunVerdict.BAD_INPUT_EXIT_CODE;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("gameday nightly: " + e.getMessage());
            return RunVerdict.BAD_INPUT_EXIT_CODE;
        }
        long nightlySeed = seed != null ? seed : Math.floorMod(System.nanoTime(), 1_000_000_000L);
        TimeScale scale = timeScale == null ? TimeScale.fromSystemProperty() : new TimeScale(timeScale);
        Instant start = Instant.now();
        Instant deadline = start.plus(budget);
        Path summaryDir = output.resolve("nightly").resolve(STAMP.format(start));
        NightlySummary summary = new NightlySummary(
                nightlySeed,
                Double.toString(scale.factor()),
                experimentFiles.stream().map(Path::toString).toList(),
                storeBugs.stream().map(StoreBug::optionName).toList());
        // Ctrl-C: the running run's own hook removes its containers; this one writes what the nightly has so far.
        Thread onInterrupt = new Thread(() -> writeSummary(summary, summaryDir, true), "gameday-nightly-summary");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        say(
                "nightly: seed %d, until %s (%s), time scale %s; summary in %s",
                nightlySeed, deadline, forText, scale.factor(), summaryDir);

        rounds:
        for (int round = 1; ; round++) {
            for (int i = 0; i < experiments.size(); i++) {
                if (!Instant.now().isBefore(deadline)) {
                    break rounds;
                }
                LoadedExperiment experiment = experiments.get(i);
                long runSeed = generated(experiment.experiment())
                        ? roundSeed(nightlySeed, round, i)
                        : experiment.experiment().seed();
                say(
                        "nightly: round %d, %s seed %d (%s left)",
                        round,
                        experiment.experiment().name(),
                        runSeed,
                        DurationText.format(Duration.between(Instant.now(), deadline)));
                NightlySummary.Run run = runOnce(round, experiment.withSeed(runSeed), scale, bugs);
                summary.add(run);
                writeSummary(summary, summaryDir, false);
                say(
                        "nightly: %s seed %d: %s %s",
                        experiment.experiment().name(), runSeed, run.verdict().toUpperCase(), run.runDirectory());
                if (run.verdict().equals("fail") && shrink && run.runDirectory() != null) {
                    NightlySummary.Shrink shrunk = shrink(run, scale, bugs, shrinkBudget);
                    if (shrunk != null) {
                        summary.replaceLast(new NightlySummary.Run(
                                run.round(),
                                run.experiment(),
                                run.seed(),
                                run.verdict(),
                                run.reasons(),
                                run.runDirectory(),
                                shrunk));
                        writeSummary(summary, summaryDir, false);
                    }
                }
                if (stopAtFirstFailure && run.verdict().equals("fail")) {
                    say("nightly: the first failure came in round %d; stopping (--stop-at-first-failure)", round);
                    break rounds;
                }
            }
        }
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
        writeSummary(summary, summaryDir, false);
        List<NightlySummary.Run> runs = summary.runs();
        say(
                "nightly: %d runs, %d failed; summary: %s",
                runs.size(),
                runs.stream().filter(r -> r.verdict().equals("fail")).count(),
                summaryDir.resolve("summary.md"));
        return summary.exitCode();
    }

    private NightlySummary.Run runOnce(int round, LoadedExperiment experiment, TimeScale scale, BugSwitches bugs)
            throws InterruptedException {
        String name = experiment.experiment().name();
        long runSeed = experiment.experiment().seed();
        try (ProgressLine progress = ProgressLine.forConsole()) {
            ContainerRun.Result result = new ContainerRun(experiment, scale, bugs, output)
                    .reportingTo(progress)
                    .execute();
            Results r = result.results();
            return new NightlySummary.Run(
                    round,
                    name,
                    runSeed,
                    r.verdict().jsonName(),
                    r.reasons(),
                    result.directory().dir().toString(),
                    null);
        } catch (ExperimentException e) {
            // Planning found a problem the loader could not (e.g. a seed whose random targets do not fit).
            return new NightlySummary.Run(round, name, runSeed, "error", List.of(e.getMessage()), null, null);
        } catch (EnvironmentException | IOException | RuntimeException e) {
            return new NightlySummary.Run(
                    round, name, runSeed, "error", List.of(String.valueOf(e.getMessage())), null, null);
        }
    }

    /** Shrinks a failed run's plan.yaml; null when it has none to shrink. */
    private NightlySummary.Shrink shrink(NightlySummary.Run failed, TimeScale scale, BugSwitches bugs, Duration budget)
            throws InterruptedException {
        Path runDir = Path.of(failed.runDirectory());
        Path planFile = runDir.resolve(PlanFile.FILE_NAME);
        Path triesDir = runDir.resolve("shrink");
        try {
            Files.createDirectories(triesDir);
            Experiment plan = new ExperimentLoader().load(planFile).experiment();
            Set<String> failedChecks = failedChecks(runDir);
            say("nightly: shrinking %s (failed %s), budget %s", planFile, failedChecks, DurationText.format(budget));
            int[] tryNumber = {0};
            Shrinker.Attempt attempt = (candidate, label) -> {
                tryNumber[0]++;
                Path file = triesDir.resolve("try-" + tryNumber[0] + ".yaml");
                try {
                    PlanFile.write(candidate, "shrink try " + tryNumber[0] + " of " + planFile + ": " + label, file);
                } catch (IOException e) {
                    return new Shrinker.Outcome(Set.of(), "not run: cannot write " + file + ": " + e);
                }
                say("nightly: shrink try %d: %s", tryNumber[0], label);
                return attemptRun(file, scale, bugs);
            };
            Shrinker.Result result = new Shrinker(failedChecks, budget, attempt, Clock.systemUTC()).shrink(plan);
            String confirmed = null;
            Path minimal = runDir.resolve("minimal.yaml");
            PlanFile.write(
                    result.minimal(),
                    String.format(
                            "minimal plan of %s: %d of its %d faults, found in %d runs%s",
                            planFile,
                            result.faultsAfter(),
                            result.faultsBefore(),
                            result.runs(),
                            result.budgetSpent() ? " (the shrink budget ran out)" : ""),
                    minimal);
            if (confirmRuns > 0) {
                Set<String> signature = new TreeSet<>(failedChecks);
                int again = 0;
                for (int i = 0; i < confirmRuns; i++) {
                    say("nightly: confirming %s, run %d of %d", minimal, i + 1, confirmRuns);
                    if (attemptRun(minimal, scale, bugs).failedChecks().containsAll(Shrinker.signature(signature))) {
                        again++;
                    }
                }
                confirmed = again + " of " + confirmRuns;
            }
            say(
                    "nightly: minimal plan %s: %d of %d faults, %d runs",
                    minimal, result.faultsAfter(), result.faultsBefore(), result.runs());
            return new NightlySummary.Shrink(
                    minimal.toString(),
                    result.faultsBefore(),
                    result.faultsAfter(),
                    result.runs(),
                    result.budgetSpent(),
                    result.tries(),
                    confirmed);
        } catch (ExperimentException | IOException e) {
            say("nightly: cannot shrink %s: %s", planFile, e.getMessage());
            return null;
        }
    }

    private Shrinker.Outcome attemptRun(Path planFile, TimeScale scale, BugSwitches bugs) throws InterruptedException {
        try (ProgressLine progress = ProgressLine.forConsole()) {
            LoadedExperiment loaded = new ExperimentLoader().load(planFile);
            ContainerRun.Result result = new ContainerRun(loaded, scale, bugs, output)
                    .reportingTo(progress)
                    .execute();
            Set<String> failed = new TreeSet<>();
            result.results().checks().stream()
                    .filter(c -> c.verdict() == RunVerdict.FAIL)
                    .forEach(c -> failed.add(c.name()));
            return new Shrinker.Outcome(failed, result.directory().dir().toString());
        } catch (ExperimentException | EnvironmentException | IOException | RuntimeException e) {
            return new Shrinker.Outcome(Set.of(), "not run: " + e.getMessage());
        }
    }

    /** The checks a finished run failed, from its results.json. */
    private static Set<String> failedChecks(Path runDir) throws IOException {
        Set<String> failed = new TreeSet<>();
        JsonNode checks = new ObjectMapper()
                .readTree(runDir.resolve("results.json").toFile())
                .path("checks");
        checks.forEach(c -> {
            if ("fail".equals(c.path("verdict").asText())) {
                failed.add(c.path("name").asText());
            }
        });
        return failed;
    }

    static boolean generated(Experiment experiment) {
        return experiment.schedule().stream().anyMatch(p -> p.generate() != null);
    }

    /** A seed per round and experiment, fixed by the nightly's seed; small enough to type. */
    static long roundSeed(long nightlySeed, int round, int experimentIndex) {
        return Math.floorMod(
                new SplittableRandom(nightlySeed * 1_000_003L + round * 1_009L + experimentIndex).nextLong(),
                1_000_000_000L);
    }

    private void writeSummary(NightlySummary summary, Path dir, boolean interrupted) {
        try {
            summary.write(dir, interrupted);
        } catch (IOException e) {
            err.println("gameday nightly: cannot write the summary in " + dir + ": " + e);
            err.flush();
        }
    }

    private void say(String format, Object... args) {
        err.println(String.format(format, args));
        err.flush();
    }
}
