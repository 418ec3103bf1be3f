package dev.gameday.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * Degraded links through the fault proxy (Toxiproxy toxics, names and attributes as Toxiproxy has
 * them). {@code paths} says which links:
 * <pre>
 *   link:
 *     paths: clients                # canary -> router paths of the target AZ's routers
 *     paths: into-node              # every link into the target storage nodes, from peers and routers
 *                                   #   (needs cluster.nodeLinks: through-fault-proxy)
 *     toxics:
 *       - {type: latency, attributes: {latency: 300, jitter: 100}}            # milliseconds
 *       - {type: timeout, stream: upstream, toxicity: 0.3, attributes: {timeout: 0}}
 *       - {type: bandwidth, attributes: {rate: 64}}                          # KB/s
 *       - {type: down}                                                       # the link is cut
 * </pre>
 * {@code stream} is downstream (towards the caller), upstream, or both (the default); toxicity is
 * the share of connections affected (default 1).
 */
public record LinkSpec(Paths paths, List<Toxic> toxics) {

    public LinkSpec {
        toxics = toxics == null ? List.of() : toxics;
    }

    public enum Paths {
        CLIENTS,
        INTO_NODE;

        @JsonCreator
        public static Paths fromYaml(String text) {
            return YamlNames.parse(Paths.class, text, "link paths");
        }

        @JsonValue
        public String yamlName() {
            return YamlNames.of(this);
        }
    }

    /** One toxic; {@code down} is not a Toxiproxy toxic but disables the path. */
    public record Toxic(String type, String stream, Double toxicity, Map<String, Long> attributes) {
        public static final List<String> TYPES =
                List.of("latency", "bandwidth", "slow_close", "timeout", "reset_peer", "slicer", "limit_data", "down");
        /** Each toxic type's attributes as Toxiproxy names them, the main one (set on creation) first. */
        public static final Map<String, List<String>> ATTRIBUTES = Map.of(
                "latency", List.of("latency", "jitter"),
                "bandwidth", List.of("rate"),
                "slow_close", List.of("delay"),
                "timeout", List.of("timeout"),
                "reset_peer", List.of("timeout"),
                "slicer", List.of("average_size", "size_variation", "delay"),
                "limit_data", List.of("bytes"),
                "down", List.of());

        public static final List<String> STREAMS = List.of("upstream", "downstream", "both");

        public Toxic {
            stream = stream == null ? "both" : stream;
            toxicity = toxicity == null ? 1.0 : toxicity;
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        }

        public boolean down() {
            return "down".equals(type);
        }
    }
}
