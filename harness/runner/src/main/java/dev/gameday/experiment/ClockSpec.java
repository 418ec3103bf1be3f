package dev.gameday.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;

/**
 * A storage node's clock moved, without touching the host's clock:
 * <pre>
 *   clock: {kind: offset, by: 3m}                  # the clock runs 3 minutes ahead until healed
 *   clock: {kind: offset, by: -90s}                # a jump back of 90 s, undone when healed
 *   clock: {kind: drift, rate: 1.5}                # runs 1.5 times as fast from the fault's start
 *   clock: {kind: strobe, by: 20s, period: 2s}     # jumps by +20s and back again every 2 s
 *   clocks: wall                                   # which clocks: wall (default) or both (wall and monotonic)
 * </pre>
 * {@code by} is signed, unlike every other duration of an experiment. Healing puts the node's clocks back on real
 * time (a step back for a clock that ran ahead).
 */
public record ClockSpec(Kind kind, String by, Double rate, Duration period, Clocks clocks) {

    public ClockSpec {
        clocks = clocks == null ? Clocks.WALL : clocks;
    }

    /** {@code by} as a signed duration; throws with a message for people when it is not one. */
    public Duration offset() {
        String text = by.trim();
        if (text.startsWith("-")) {
            return DurationText.parse(text.substring(1)).negated();
        }
        return DurationText.parse(text.startsWith("+") ? text.substring(1) : text);
    }

    public enum Kind {
        OFFSET,
        DRIFT,
        STROBE;

        @JsonCreator
        public static Kind fromYaml(String text) {
            return YamlNames.parse(Kind.class, text, "clock fault kind");
        }

        @JsonValue
        public String yamlName() {
            return YamlNames.of(this);
        }
    }

    /**
     * The clocks a fault moves. {@code wall} is what System.currentTimeMillis reads (timestamps, signatures,
     * TTLs); {@code both} moves the monotonic clock too, which System.nanoTime reads (timeouts, leases,
     * elections).
     */
    public enum Clocks {
        WALL,
        BOTH;

        @JsonCreator
        public static Clocks fromYaml(String text) {
            return YamlNames.parse(Clocks.class, text, "clocks");
        }

        @JsonValue
        public String yamlName() {
            return YamlNames.of(this);
        }
    }

    @Override
    public String toString() {
        String amount = switch (kind) {
            case OFFSET -> "by " + by.trim();
            case DRIFT -> "rate " + rate;
            case STROBE -> "by " + by.trim() + " every " + DurationText.format(period);
        };
        return YamlNames.of(kind) + " " + amount + " (" + YamlNames.of(clocks) + ")";
    }
}
