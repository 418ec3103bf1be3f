package dev.gameday.metrics;

import dev.gameday.history.Op;
import dev.gameday.report.ScrubSummary;
import dev.gameday.report.Series;
import dev.gameday.report.SuccessRule;
import dev.gameday.schedule.PlannedFault;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A run as Micrometer meters (Prometheus names in brackets; dashboards/ queries them):
 * <ul>
 *   <li>canary calls per {@code az}, {@code endpoint}, {@code op} and {@code outcome} ({@code success} or
 *       {@code error}, by {@link SuccessRule}, as results.json's availability counts them): a counter
 *       [{@code gameday_canary_requests_total}] and a latency histogram [{@code gameday_canary_latency_seconds_bucket}];
 *       errors also by their reason ({@code timeout}, {@code connection-refused}, ...) [{@code gameday_canary_errors_total}];</li>
 *   <li>faults: 1 while each planned fault is in effect [{@code gameday_fault_active}, tags {@code fault}, {@code type},
 *       {@code target}], injections per type [{@code gameday_faults_injected_total}];</li>
 *   <li>alarms per {@code az} and {@code endpoint}: raised [{@code gameday_alarms_raised_total}], active now
 *       [{@code gameday_alarm_active}];</li>
 *   <li>scrub after healing: corruptions by {@code stage} (injected, detected, repaired)
 *       [{@code gameday_scrub_corruptions_total}], mismatches [{@code gameday_scrub_mismatches_total}];</li>
 *   <li>the run: 1 for its current phase [{@code gameday_run_phase}], seconds since start
 *       [{@code gameday_run_elapsed_seconds}], expected length [{@code gameday_run_expected_seconds}], and
 *       [{@code gameday_run_info}] = 1 with the labels {@code experiment}, {@code seed}, {@code time_scale},
 *       {@code store_bug} ({@code none} for the correct store).</li>
 * </ul>
 * Every series the run will fill is registered at zero when it starts, so "no errors" reads 0, not "no data".
 *
 * <p>A canary call costs two map look-ups and Micrometer's own lock-free updates (adders, atomic buckets):
 * nothing here locks on the canary's path.
 */
public final class LiveMetrics implements RunListener {
    /** Latencies of a healthy call are around a millisecond; a stuck one runs to the client's timeout. */
    private static final Duration LATENCY_FLOOR = Duration.ofMillis(1);

    private static final Duration LATENCY_CEILING = Duration.ofSeconds(30);

    private final MeterRegistry registry;
    private final Map<CallKey, CallMeters> calls = new ConcurrentHashMap<>();
    private final Map<ErrorKey, Counter> errors = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> faultActive = new ConcurrentHashMap<>();
    private final Map<Series, AtomicInteger> alarmActive = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> phaseActive = new ConcurrentHashMap<>();
    private final AtomicReference<RunInfo> run = new AtomicReference<>();
    /** Elapsed nanoseconds frozen when the run finished; -1 while it goes. */
    private final AtomicLong finishedAtNanos = new AtomicLong(-1);

    public LiveMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void runStarted(RunInfo info) {
        if (!run.compareAndSet(null, info)) {
            throw new IllegalStateException("live metrics follow one run; start another LiveMetrics for the next");
        }
        Gauge.builder("gameday.run.info", () -> 1)
                .description("1, labelled with what runs: experiment, seed, time scale, store bug")
                .tags(
                        "experiment",
                        info.experiment(),
                        "seed",
                        Long.toString(info.seed()),
                        "time_scale",
                        Double.toString(info.timeScale()),
                        "store_bug",
                        info.storeBugs().isEmpty() ? "none" : String.join(",", info.storeBugs()))
                .register(registry);
        // Gauges hold what they read strongly: Micrometer's default is a weak reference, and once the run is over
        // nothing else holds these, so a collection turned every gauge into NaN while the endpoint still served.
        Gauge.builder("gameday.run.elapsed", this, m -> m.elapsedNanos() / 1e9)
                .strongReference(true)
                .baseUnit("seconds")
                .description("Seconds since the run (its canary) started")
                .register(registry);
        Gauge.builder(
                        "gameday.run.expected",
                        info,
                        i -> i.expectedDuration().get().toNanos() / 1e9)
                .strongReference(true)
                .baseUnit("seconds")
                .description("How long the schedule lasts: the plan plus the waits for the steady state so far")
                .register(registry);
        for (String phase : info.phases()) {
            AtomicInteger active = new AtomicInteger();
            phaseActive.put(phase, active);
            Gauge.builder("gameday.run.phase", active, AtomicInteger::get)
                    .strongReference(true)
                    .tag("phase", phase)
                    .description("1 for the phase the run is in")
                    .register(registry);
        }
        for (PlannedFault fault : info.faults()) {
            AtomicInteger active = new AtomicInteger();
            faultActive.put(fault.id(), active);
            Gauge.builder("gameday.fault.active", active, AtomicInteger::get)
                    .strongReference(true)
                    .tags(
                            "fault",
                            Integer.toString(fault.id()),
                            "type",
                            fault.type().toString(),
                            "target",
                            fault.targetText(),
                            "phase",
                            fault.phase())
                    .description("1 while the fault is in effect (from the start of its injection to its heal)")
                    .register(registry);
            faultsInjected(fault);
        }
        for (String az : info.azs()) {
            for (String endpoint : info.endpoints()) {
                AtomicInteger active = new AtomicInteger();
                alarmActive.put(new Series(az, endpoint), active);
                Gauge.builder("gameday.alarm.active", active, AtomicInteger::get)
                        .strongReference(true)
                        .tags("az", az, "endpoint", endpoint)
                        .description("1 while the alarm on this AZ's canary through this endpoint is raised")
                        .register(registry);
                alarmsRaised(az, endpoint);
                for (String op : info.ops()) {
                    callMeters(new CallKey(az, endpoint, op, true));
                    callMeters(new CallKey(az, endpoint, op, false));
                }
            }
        }
        for (String stage : List.of("injected", "detected", "repaired")) {
            scrubCorruptions(stage);
        }
        scrubMismatches();
    }

    @Override
    public void phaseStarted(String phase) {
        phaseActive.forEach((name, active) -> active.set(name.equals(phase) ? 1 : 0));
    }

    @Override
    public void canaryCompleted(Op invocation, Op completion) {
        if (!(invocation.extra().get("az") instanceof String az)
                || !(invocation.extra().get("endpoint") instanceof String endpoint)) {
            return; // not canary traffic: the final reads after healing
        }
        boolean success = SuccessRule.countsAsSuccess(completion);
        CallKey key = new CallKey(az, endpoint, completion.f(), success);
        CallMeters meters = calls.get(key);
        if (meters == null) {
            meters = callMeters(key);
        }
        meters.requests.increment();
        meters.latency.record(completion.timeNanos() - invocation.timeNanos(), TimeUnit.NANOSECONDS);
        if (!success) {
            String reason = completion.extra().get("error") instanceof String e
                    ? e
                    : completion.type().toString();
            ErrorKey errorKey = new ErrorKey(az, endpoint, completion.f(), reason);
            Counter counter = errors.get(errorKey);
            if (counter == null) {
                counter = errors.computeIfAbsent(
                        errorKey,
                        k -> Counter.builder("gameday.canary.errors")
                                .tags("az", k.az(), "endpoint", k.endpoint(), "op", k.op(), "error", k.error())
                                .description("Canary calls that count as errors, by the history's :error")
                                .register(registry));
            }
            counter.increment();
        }
    }

    @Override
    public void faultStarted(PlannedFault fault, List<String> nodes) {
        AtomicInteger active = faultActive.get(fault.id());
        if (active != null) {
            active.set(1);
        }
        faultsInjected(fault).increment();
    }

    @Override
    public void faultHealed(PlannedFault fault) {
        AtomicInteger active = faultActive.get(fault.id());
        if (active != null) {
            active.set(0);
        }
    }

    @Override
    public void alarmRaised(String az, String endpoint) {
        alarmsRaised(az, endpoint).increment();
        AtomicInteger active = alarmActive.get(new Series(az, endpoint));
        if (active != null) {
            active.set(1);
        }
    }

    @Override
    public void alarmCleared(String az, String endpoint) {
        AtomicInteger active = alarmActive.get(new Series(az, endpoint));
        if (active != null) {
            active.set(0);
        }
    }

    @Override
    public void scrubFinished(ScrubSummary scrub) {
        scrubCorruptions("injected").increment(scrub.corruptionsInjected());
        scrubCorruptions("detected").increment(scrub.corruptionsDetected());
        scrubCorruptions("repaired").increment(scrub.repaired());
        scrubMismatches().increment(scrub.mismatches());
    }

    @Override
    public void runFinished(String verdict) {
        finishedAtNanos.compareAndSet(-1, elapsedNanos());
    }

    private long elapsedNanos() {
        long finished = finishedAtNanos.get();
        RunInfo info = run.get();
        return finished >= 0 ? finished : info == null ? 0 : info.elapsedNanos().getAsLong();
    }

    private CallMeters callMeters(CallKey key) {
        return calls.computeIfAbsent(key, k -> {
            Tags tags = Tags.of(
                    "az", k.az(), "endpoint", k.endpoint(), "op", k.op(), "outcome", k.success() ? "success" : "error");
            return new CallMeters(
                    Counter.builder("gameday.canary.requests")
                            .tags(tags)
                            .description("Canary calls by outcome (success or error, as availability counts them)")
                            .register(registry),
                    Timer.builder("gameday.canary.latency")
                            .tags(tags)
                            .publishPercentileHistogram()
                            .minimumExpectedValue(LATENCY_FLOOR)
                            .maximumExpectedValue(LATENCY_CEILING)
                            .description("Canary call latency, invocation to completion as in the history")
                            .register(registry));
        });
    }

    private Counter faultsInjected(PlannedFault fault) {
        return Counter.builder("gameday.faults.injected")
                .tag("type", fault.type().toString())
                .description("Faults the nemesis started to inject")
                .register(registry);
    }

    private Counter alarmsRaised(String az, String endpoint) {
        return Counter.builder("gameday.alarms.raised")
                .tags("az", az, "endpoint", endpoint)
                .description("Alarms raised on this AZ's canary through this endpoint")
                .register(registry);
    }

    private Counter scrubCorruptions(String stage) {
        return Counter.builder("gameday.scrub.corruptions")
                .tag("stage", stage)
                .description(
                        "Corruptions the nemesis injected, and of those the scrub after healing detected and repaired")
                .register(registry);
    }

    private Counter scrubMismatches() {
        return Counter.builder("gameday.scrub.mismatches")
                .description("Bad replicas or archived segments the first scrub after healing found")
                .register(registry);
    }

    private static String seriesKey(String az, String endpoint) {
        return az + "\n" + endpoint;
    }

    private record CallKey(String az, String endpoint, String op, boolean success) {}

    private record ErrorKey(String az, String endpoint, String op, String error) {}

    private record CallMeters(Counter requests, Timer latency) {}
}
