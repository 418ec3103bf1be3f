package dev.gameday.faultproxy.toxic;

import dev.gameday.faultproxy.link.Stage;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Toxiproxy's toxic types, their attributes (all integers, default 0) and the stage each one builds. */
public enum ToxicType {
    NOOP("noop", List.of()),
    LATENCY("latency", List.of("latency", "jitter")),
    BANDWIDTH("bandwidth", List.of("rate")),
    SLOW_CLOSE("slow_close", List.of("delay")),
    TIMEOUT("timeout", List.of("timeout")),
    RESET_PEER("reset_peer", List.of("timeout")),
    SLICER("slicer", List.of("average_size", "size_variation", "delay")),
    LIMIT_DATA("limit_data", List.of("bytes"));

    private final String wireName;
    private final List<String> attributeNames;

    ToxicType(String wireName, List<String> attributeNames) {
        this.wireName = wireName;
        this.attributeNames = attributeNames;
    }

    public String wireName() {
        return wireName;
    }

    public List<String> attributeNames() {
        return attributeNames;
    }

    public static Optional<ToxicType> parse(String wireName) {
        for (ToxicType type : values()) {
            if (type.wireName.equals(wireName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The stage for one connection; {@code now} is when the toxic starts acting on it. */
    Stage newStage(Map<String, Long> attributes, long now) {
        return switch (this) {
            case NOOP -> new PassStage();
            case LATENCY -> new LatencyStage(attributes.get("latency"), attributes.get("jitter"));
            case BANDWIDTH -> new BandwidthStage(attributes.get("rate"));
            case SLOW_CLOSE -> new SlowCloseStage(attributes.get("delay"));
            case TIMEOUT -> new TimeoutStage(attributes.get("timeout"), now);
            case RESET_PEER -> new ResetPeerStage(attributes.get("timeout"));
            case SLICER ->
                new SlicerStage(
                        attributes.get("average_size"), attributes.get("size_variation"), attributes.get("delay"));
            case LIMIT_DATA -> new LimitDataStage(attributes.get("bytes"));
        };
    }
}
