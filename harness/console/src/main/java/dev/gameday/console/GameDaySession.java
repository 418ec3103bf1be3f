package dev.gameday.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.cluster.ContainerRun;
import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.StopCondition;
import dev.gameday.history.Op;
import dev.gameday.metrics.RunInfo;
import dev.gameday.metrics.RunListener;
import dev.gameday.nemesis.ExecutedFault;
import dev.gameday.nemesis.NemesisRunner;
import dev.gameday.report.SuccessRule;
import dev.gameday.run.GamedayRun;
import dev.gameday.schedule.PlannedExperiment;
import dev.gameday.schedule.PlannedFault;
import dev.gameday.schedule.Topology;
import dev.gameday.system.RunningSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One game day run from the web console: the state every browser tab sees (canary series per client AZ and router
 * endpoint, second by second; the topology with leaders and what each node suffers; active faults; the journal;
 * alarms and stop conditions), and the operators' commands, which all go through here one at a time.
 *
 * <p>It follows the run as a {@link RunListener} (canary calls, fault edges, alarms, phases) and takes the wheel as
 * a {@link ContainerRun.Operator}: once the cluster is up it gets the run and the system, and when the canary starts
 * the nemesis runner that injects and heals the operators' faults.
 */
final class GameDaySession implements RunListener, ContainerRun.Operator {
    /** Seconds of history a tab that opens late gets for each series. */
    private static final int KEPT_SECONDS = 600;

    private final Path experimentFile;
    private final List<Map<String, Object>> catalogue;
    private final List<String> stopConditions = new ArrayList<>();
    private final Map<String, Series> series = new ConcurrentHashMap<>();
    private final Map<Integer, Map<String, Object>> activeFaults = Collections.synchronizedMap(new TreeMap<>());
    private final List<Map<String, Object>> journal = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Boolean> alarms = new ConcurrentHashMap<>();
    private final Object commands = new Object();

    private volatile String status = "booting";
    private volatile String phase = "";
    private volatile String verdict;
    private volatile List<String> reasons = List.of();
    private volatile Path runDirectory;
    private volatile LongSupplier elapsedNanos = () -> 0;
    private volatile GamedayRun run;
    private volatile RunningSystem system;
    private volatile NemesisRunner nemesis;
    private volatile Topology topology;
    private volatile FaultCommands faultCommands;
    private volatile Map<String, String> leaders = Map.of();
    /** Every group seen with a leader: one without a leader now still shows, as leaderless. */
    private final java.util.Set<String> knownGroups = new java.util.concurrent.ConcurrentSkipListSet<>();

    private volatile String stopNotice;
    private volatile String abandoned;
    private int nextFaultId;
    private long seed;

    GameDaySession(Path experimentFile) {
        this.experimentFile = experimentFile;
        this.catalogue = FaultCommands.catalogue(experimentFile);
    }

    // ---- taking the wheel ----

    @Override
    public Consumer<NemesisRunner> attach(GamedayRun run, RunningSystem system, PlannedExperiment planned) {
        this.run = run;
        this.system = system;
        this.topology = planned.topology();
        this.faultCommands = new FaultCommands(planned.asWritten().file(), planned.topology());
        this.nextFaultId = planned.plan().faults().size() + 1;
        for (StopCondition c : planned.scaled().experiment().stopConditions()) {
            stopConditions.add("success ratio below " + c.successRatioBelow() + " for " + c.forAtLeast());
        }
        this.seed = planned.scaled().experiment().seed() == null
                ? 0
                : planned.scaled().experiment().seed();
        return nemesis -> {
            this.nemesis = nemesis;
            if (abandoned != null) {
                run.abandon(abandoned); // Ctrl-C during the boot: end as soon as the run can
            }
        };
    }

    /** The harness is going down (Ctrl-C): heal, stop, keep the run directory with verdict unknown and why. */
    void abandon(String reason) {
        abandoned = reason;
        GamedayRun current = run;
        if (current != null) {
            current.abandon(reason);
        }
        status = "ending";
    }

    /** The run returned: its verdict and where its files are. */
    void finished(String verdict, List<String> reasons, Path runDirectory) {
        this.verdict = verdict;
        this.reasons = List.copyOf(reasons);
        this.runDirectory = runDirectory;
        this.status = "ended";
    }

    /** The run did not get to a verdict (the cluster did not boot, ...). */
    void failed(String why) {
        this.verdict = "error";
        this.reasons = List.of(why);
        this.status = "ended";
    }

    // ---- operators' commands (one at a time) ----

    /** Injects the declared fault now; returns the fault as done, or throws with the validator's message. */
    Map<String, Object> inject(JsonNode declaration, String by) throws CommandRefused {
        synchronized (commands) {
            NemesisRunner runner = requireRunning();
            if (stopNotice != null) {
                throw new CommandRefused(
                        "a stop condition fired (" + stopNotice + "): no more faults; end the game day");
            }
            PlannedFault fault;
            try {
                fault = faultCommands.plan(
                        declaration, nextFaultId, Duration.ofNanos(elapsedNanos.getAsLong()), seed * 31 + nextFaultId);
            } catch (ExperimentException e) {
                throw new CommandRefused(FaultCommands.message(e));
            } catch (IllegalArgumentException e) {
                throw new CommandRefused(e.getMessage());
            }
            nextFaultId++;
            ExecutedFault done;
            try {
                done = runner.injectNow(fault, by);
            } catch (IllegalStateException e) {
                throw new CommandRefused(e.getMessage());
            }
            addJournal(
                    by,
                    "inject #" + fault.id() + " " + fault.describe() + " " + done.nodes()
                            + (done.error() == null ? "" : ": " + done.error()),
                    "action");
            return executed(done);
        }
    }

    Map<String, Object> heal(int id, String by) throws CommandRefused {
        synchronized (commands) {
            NemesisRunner runner = requireRunning();
            try {
                ExecutedFault done = runner.healNow(id, by);
                addJournal(by, "heal #" + id + (done.error() == null ? "" : ": " + done.error()), "action");
                return executed(done);
            } catch (IllegalArgumentException e) {
                throw new CommandRefused(e.getMessage());
            }
        }
    }

    void healEverything(String by) throws CommandRefused {
        synchronized (commands) {
            NemesisRunner runner = requireRunning();
            runner.healOperated("by " + by);
            addJournal(by, "heal everything", "action");
        }
    }

    void note(String text, String by) throws CommandRefused {
        if (text == null || text.isBlank()) {
            throw new CommandRefused("a note needs some text");
        }
        synchronized (commands) {
            NemesisRunner runner = requireRunning();
            String line = text.strip().replaceAll("\\s+", " ");
            runner.note("NOTE   [console, " + by + "] " + line);
            addJournal(by, line, "note");
        }
    }

    void endGameDay(String by) throws CommandRefused {
        synchronized (commands) {
            requireRunning();
            addJournal(by, "end game day", "action");
            status = "ending";
            run.endGameDay("the game day was ended from the console by " + by);
        }
    }

    private NemesisRunner requireRunning() throws CommandRefused {
        NemesisRunner runner = nemesis;
        if (!"running".equals(status) || runner == null) {
            throw new CommandRefused("the game day is " + status + ": nothing to do now");
        }
        return runner;
    }

    private void addJournal(String by, String text, String kind) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("at", Instant.now().toString());
        entry.put("elapsed", elapsedNanos.getAsLong() / 1e9);
        entry.put("by", by);
        entry.put("kind", kind);
        entry.put("text", text);
        journal.add(entry);
    }

    private static Map<String, Object> executed(ExecutedFault done) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", done.planned().id());
        out.put("nodes", done.nodes());
        out.put("changes", done.changes());
        out.put("error", done.error());
        return out;
    }

    /** A command an operator may not give now, or a fault the validator refuses; the message says why. */
    static final class CommandRefused extends Exception {
        CommandRefused(String message) {
            super(message);
        }
    }

    // ---- following the run ----

    @Override
    public void runStarted(RunInfo info) {
        elapsedNanos = info.elapsedNanos();
        runDirectory = info.directory();
        if (abandoned == null) {
            status = "running";
        }
    }

    @Override
    public void phaseStarted(String phase) {
        this.phase = phase;
    }

    @Override
    public void canaryCompleted(Op invocation, Op completion) {
        if (!(invocation.extra().get("az") instanceof String az)
                || !(invocation.extra().get("endpoint") instanceof String endpoint)) {
            return; // the final reads after healing are not canary traffic
        }
        Series s = series.get(az + " via " + endpoint);
        if (s == null) {
            s = series.computeIfAbsent(az + " via " + endpoint, k -> new Series(az, endpoint));
        }
        s.record(SuccessRule.countsAsSuccess(completion), completion.timeNanos() - invocation.timeNanos());
    }

    @Override
    public void faultStarted(PlannedFault fault, List<String> nodes) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", fault.id());
        f.put("type", fault.type().yamlName());
        f.put("what", fault.describe());
        f.put("nodes", List.copyOf(nodes));
        f.put("source", fault.phase());
        f.put("since", elapsedNanos.getAsLong() / 1e9);
        activeFaults.put(fault.id(), f);
    }

    @Override
    public void faultHealed(PlannedFault fault) {
        activeFaults.remove(fault.id());
    }

    @Override
    public void alarmRaised(String az, String endpoint) {
        alarms.put(az + " via " + endpoint, true);
    }

    @Override
    public void alarmCleared(String az, String endpoint) {
        alarms.remove(az + " via " + endpoint);
    }

    // ---- what the page shows ----

    /** Closes the second that just ended for every series; called once a second. */
    void closeSecond() {
        double t = elapsedNanos.getAsLong() / 1e9;
        series.values().forEach(s -> s.close(t));
        GamedayRun current = run;
        if (current != null && current.stopReason() != null && stopNotice == null) {
            stopNotice = current.stopReason();
            addJournal(
                    "stop condition",
                    "stop condition fired: " + stopNotice + "; every fault was healed and no more are injected",
                    "alarm");
        }
    }

    /** Asks the store who leads each group; slow when nodes are down, so off the second's tick. */
    void refreshLeaders() {
        RunningSystem c = system;
        if (c == null || !"running".equals(status)) {
            return;
        }
        try {
            Map<String, String> now = c.leaders();
            knownGroups.addAll(now.keySet());
            Map<String, String> all = new TreeMap<>();
            knownGroups.forEach(g -> all.put(g, now.getOrDefault(g, "(none)")));
            leaders = all;
        } catch (RuntimeException e) {
            // Some node does not answer: keep the last known leaders; the state column says who is down.
        }
    }

    /** Everything a tab shows; {@code fullHistory} for a tab that just opened, else each series' last second. */
    Map<String, Object> state(boolean fullHistory) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("experiment", experimentFile.getFileName().toString());
        state.put("status", status);
        state.put("phase", phase);
        state.put("elapsed", elapsedNanos.getAsLong() / 1e9);
        state.put("runDirectory", runDirectory == null ? null : runDirectory.toString());
        state.put("verdict", verdict);
        state.put("reasons", reasons);
        List<Map<String, Object>> lines = new ArrayList<>();
        new TreeMap<>(series).values().forEach(s -> lines.add(s.toJson(fullHistory)));
        state.put("series", lines);
        state.put("topology", topology());
        synchronized (activeFaults) {
            state.put("activeFaults", new ArrayList<>(activeFaults.values()));
        }
        synchronized (journal) {
            state.put("journal", new ArrayList<>(journal));
        }
        state.put("stopConditions", stopConditions);
        state.put("stopped", stopNotice);
        state.put("alarms", new ArrayList<>(new TreeMap<>(alarms).keySet()));
        state.put("catalogue", catalogue);
        return state;
    }

    private Map<String, Object> topology() {
        Map<String, Object> out = new LinkedHashMap<>();
        Topology t = topology;
        if (t == null) {
            return out;
        }
        Map<String, List<String>> suffering = new TreeMap<>();
        synchronized (activeFaults) {
            for (Map<String, Object> f : activeFaults.values()) {
                @SuppressWarnings("unchecked")
                List<String> nodes = (List<String>) f.get("nodes");
                String state = switch ((String) f.get("type")) {
                    case "power-off" -> "down";
                    case "pause" -> "paused";
                    case "partition" -> "partitioned";
                    default -> (String) f.get("type");
                };
                nodes.forEach(n ->
                        suffering.computeIfAbsent(n, k -> new ArrayList<>()).add(state));
            }
        }
        Map<String, String> leading = leaders;
        List<String> azs = new ArrayList<>();
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (Topology.Member m : t.storageNodes()) {
            if (!azs.contains(m.az())) {
                azs.add(m.az());
            }
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", m.name());
            node.put("az", m.az());
            node.put("state", suffering.getOrDefault(m.name(), List.of("up")));
            node.put(
                    "leads",
                    leading.entrySet().stream()
                            .filter(e -> m.name().equals(e.getValue()))
                            .map(Map.Entry::getKey)
                            .toList());
            nodes.add(node);
        }
        out.put("azs", azs);
        out.put("nodes", nodes);
        out.put(
                "routers",
                t.routers().stream()
                        .map(r -> Map.of("name", r.name(), "az", r.az()))
                        .toList());
        out.put("groups", leading);
        return out;
    }

    /** One client AZ's canary through one router: calls and latency per second. */
    private static final class Series {
        final String az;
        final String endpoint;
        final LongAdder ok = new LongAdder();
        final LongAdder calls = new LongAdder();
        final LongAdder latencyNanos = new LongAdder();
        final AtomicLong maxNanos = new AtomicLong();
        /** [elapsed s, calls, success ratio, mean ms, max ms] per closed second. */
        final Deque<double[]> seconds = new ArrayDeque<>();

        Series(String az, String endpoint) {
            this.az = az;
            this.endpoint = endpoint;
        }

        void record(boolean success, long nanos) {
            calls.increment();
            if (success) {
                ok.increment();
            }
            latencyNanos.add(nanos);
            maxNanos.accumulateAndGet(nanos, Math::max);
        }

        synchronized void close(double t) {
            long n = calls.sumThenReset();
            long good = ok.sumThenReset();
            long sum = latencyNanos.sumThenReset();
            long max = maxNanos.getAndSet(0);
            seconds.addLast(new double[] {
                Math.round(t),
                n,
                n == 0 ? Double.NaN : (double) good / n,
                n == 0 ? Double.NaN : sum / 1e6 / n,
                max / 1e6
            });
            while (seconds.size() > KEPT_SECONDS) {
                seconds.removeFirst();
            }
        }

        synchronized Map<String, Object> toJson(boolean full) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("az", az);
            out.put("endpoint", endpoint);
            List<double[]> points =
                    full ? new ArrayList<>(seconds) : seconds.isEmpty() ? List.of() : List.of(seconds.getLast());
            out.put(
                    "points",
                    points.stream()
                            .map(p -> new Object[] {p[0], p[1], nanToNull(p[2]), nanToNull(p[3]), p[4]})
                            .toList());
            return out;
        }

        private static Object nanToNull(double v) {
            return Double.isNaN(v) ? null : v;
        }
    }
}
