package dev.gameday.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * Availability and latency of one series in one window [start, end) of the run (offsets from run
 * start; ops are counted in the window in which they were invoked). Latencies in milliseconds.
 */
public record WindowStats(
        Duration start,
        Duration end,
        long requests,
        long errors,
        double p50Ms,
        double p99Ms,
        double p999Ms,
        double maxMs) {

    /** Successes over requests; 1 for a window without requests (nothing failed). */
    @JsonProperty("successRatio")
    public double successRatio() {
        return requests == 0 ? 1.0 : (double) (requests - errors) / requests;
    }

    @JsonIgnore
    public double errorRatio() {
        return 1.0 - successRatio();
    }

    public boolean overlaps(Duration from, Duration to) {
        return start.compareTo(to) < 0 && from.compareTo(end) < 0;
    }
}
