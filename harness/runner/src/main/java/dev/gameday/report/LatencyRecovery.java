package dev.gameday.report;

import dev.gameday.history.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How long after a fault (or chain of faults) healed an AZ's canary calls were back at the latency they had before
 * the first fault: issue 18's "latency returns to its steady p99 within 5 s". Reported beside the success-ratio
 * recovery in results.json's {@code hypothesis}, not judged: on a 2-core machine running a whole cluster, a
 * latency bound would fail correct runs (a false alarm) before it caught anything.
 *
 * <p>Calls are grouped in seconds by invocation. Steady p99: the median of the per-second p99s of the last
 * {@value #CALM_SECONDS} seconds before the first fault (the seconds right after the boot are far slower while the
 * JVMs compile, and would make any latency look recovered). After the heal, the AZ is back at the first second
 * whose calls all succeeded and whose p99 is at most the steady p99 (at the heal itself when that second contains
 * it).
 *
 * @param steadyP99Ms the AZ's steady p99 before the first fault, in milliseconds
 * @param took        null when the AZ's latency never got back before the run ended
 */
public record LatencyRecovery(int faultId, String az, Duration healedAt, double steadyP99Ms, Duration took) {

    private static final Duration BUCKET = Duration.ofSeconds(1);
    private static final int CALM_SECONDS = 10;

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
        WindowedAvailability perSecond = new WindowedAvailability(BUCKET);
        history.forEach(perSecond);
        List<LatencyRecovery> out = new ArrayList<>();
        perSecond.byAz().forEach((az, seconds) -> {
            double[] calm = seconds.stream()
                    .filter(w -> w.end().compareTo(firstFault) <= 0 && w.requests() > 0)
                    .mapToDouble(WindowStats::p99Ms)
                    .toArray();
            if (calm.length == 0) {
                return;
            }
            double[] last = Arrays.copyOfRange(calm, Math.max(0, calm.length - CALM_SECONDS), calm.length);
            Arrays.sort(last);
            double steadyP99 = last[last.length / 2];
            for (List<FaultWindow> chain : chains) {
                Duration healed = HypothesisCheck.healedAt(chain);
                Duration took = seconds.stream()
                        .filter(w -> w.end().compareTo(healed) > 0
                                && w.requests() > 0
                                && w.errors() == 0
                                && w.p99Ms() <= steadyP99)
                        .findFirst()
                        .map(w -> w.start().compareTo(healed) > 0 ? w.start().minus(healed) : Duration.ZERO)
                        .orElse(null);
                for (FaultWindow fault : chain) {
                    out.add(new LatencyRecovery(fault.faultId(), az, healed, steadyP99, took));
                }
            }
        });
        return out;
    }
}
