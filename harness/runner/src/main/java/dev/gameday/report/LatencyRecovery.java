package dev.gameday.report;

import dev.gameday.history.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How long after a fault (or chain of faults) healed an AZ's canary calls were back at the latency they had before
 * the first fault: issue 18's "latency returns to its steady p99 within 5 s". Reported beside the success-ratio
 * recovery in results.json's {@code hypothesis}, not judged: on a 2-core machine running a whole cluster, a
 * latency bound would fail correct runs (a false alarm) before it caught anything.
 *
 * <p>Steady p99: of the AZ's calls invoked before the first fault started (one window that long). After the heal,
 * calls are grouped in seconds by invocation; the AZ is back at the first second whose calls all succeeded and
 * whose p99 is at most the steady p99 (at the heal itself when that second contains it).
 *
 * @param steadyP99Ms the AZ's p99 before the first fault, in milliseconds
 * @param took        null when the AZ's latency never got back before the run ended
 */
public record LatencyRecovery(int faultId, String az, Duration healedAt, double steadyP99Ms, Duration took) {

    private static final Duration BUCKET = Duration.ofSeconds(1);

    /** One entry per fault and AZ, a chain's faults sharing their chain's heal; empty if the run had no calm start. */
    static List<LatencyRecovery> measure(List<Op> history, List<List<FaultWindow>> chains) {
        Duration firstFault = chains.stream()
                .flatMap(List::stream)
                .map(FaultWindow::start)
                .min(Duration::compareTo)
                .orElse(Duration.ZERO);
        if (firstFault.compareTo(BUCKET) < 0) {
            return List.of();
        }
        WindowedAvailability beforeFaults = new WindowedAvailability(firstFault);
        WindowedAvailability perSecond = new WindowedAvailability(BUCKET);
        history.forEach(beforeFaults);
        history.forEach(perSecond);
        Map<String, List<WindowStats>> steady = beforeFaults.byAz();
        Map<String, List<WindowStats>> seconds = perSecond.byAz();
        List<LatencyRecovery> out = new ArrayList<>();
        for (List<FaultWindow> chain : chains) {
            Duration healed = chain.stream()
                    .map(FaultWindow::end)
                    .max(Duration::compareTo)
                    .orElseThrow();
            steady.forEach((az, windows) -> {
                WindowStats before = windows.get(0);
                if (before.requests() == 0) {
                    return;
                }
                Duration took = seconds.get(az).stream()
                        .filter(w -> w.end().compareTo(healed) > 0
                                && w.requests() > 0
                                && w.errors() == 0
                                && w.p99Ms() <= before.p99Ms())
                        .findFirst()
                        .map(w -> w.start().compareTo(healed) > 0 ? w.start().minus(healed) : Duration.ZERO)
                        .orElse(null);
                for (FaultWindow fault : chain) {
                    out.add(new LatencyRecovery(fault.faultId(), az, healed, before.p99Ms(), took));
                }
            });
        }
        return out;
    }
}
