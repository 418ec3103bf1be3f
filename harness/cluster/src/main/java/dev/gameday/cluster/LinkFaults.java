package dev.gameday.cluster;

import dev.gameday.experiment.LinkSpec;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.ToxicList;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Link faults as toxics on fault-proxy paths. Toxics are named {@code gameday-fault-<id>-<n>-<stream>}
 * (n counts the fault's toxics), so healing removes exactly the fault's toxics whatever else is on
 * the path; a {@code down} toxic disables the path and healing enables it again.
 *
 * <p>The client creates a toxic with its main attribute and toxicity 1, then posts the other
 * attributes and the toxicity: for those few milliseconds the toxic is at full strength.
 */
public final class LinkFaults {

    private static final Logger log = LoggerFactory.getLogger(LinkFaults.class);

    private final ToxiproxyClient proxies;
    /** The paths each fault took down, to bring up again on heal. */
    private final Map<Integer, Set<String>> downPaths = new LinkedHashMap<>();

    public LinkFaults(ToxiproxyClient proxies) {
        this.proxies = proxies;
    }

    /** Adds every toxic to every path in {@code paths} (fault-proxy path names). */
    public synchronized void degrade(int faultId, List<String> paths, List<LinkSpec.Toxic> toxics) {
        for (LinkSpec.Toxic toxic : toxics) {
            check(toxic);
        }
        for (String path : paths) {
            Proxy proxy = proxy(path);
            int n = 0;
            for (LinkSpec.Toxic toxic : toxics) {
                n++;
                if (toxic.down()) {
                    call(path, "down", proxy::disable);
                    downPaths
                            .computeIfAbsent(faultId, id -> new LinkedHashSet<>())
                            .add(path);
                    continue;
                }
                for (ToxicDirection direction : directions(toxic.stream())) {
                    String name = toxicName(faultId, n, direction);
                    call(path, name, () -> add(proxy.toxics(), name, direction, toxic));
                }
            }
        }
        log.info(
                "link fault {}: {} on {}",
                faultId,
                toxics.stream().map(LinkSpec.Toxic::type).toList(),
                paths);
    }

    /** Removes the fault's toxics from every path and brings up the paths it took down; idempotent. */
    public synchronized void heal(int faultId) {
        String prefix = FilterRule.comment(faultId) + "-";
        Set<String> down = downPaths.getOrDefault(faultId, Set.of());
        List<Proxy> all;
        try {
            all = proxies.getProxies();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "heal of link fault " + faultId + ": cannot list the fault-proxy paths: " + e.getMessage(), e);
        }
        for (Proxy proxy : all) {
            String path = proxy.getName();
            List<? extends Toxic> toxics =
                    call(path, "list toxics", () -> proxy.toxics().getAll());
            for (Toxic toxic : toxics) {
                if (toxic.getName().startsWith(prefix)) {
                    call(path, toxic.getName(), toxic::remove);
                }
            }
            if (down.contains(path)) {
                call(path, "down", proxy::enable);
            }
        }
        downPaths.remove(faultId);
        log.info("healed link fault {}", faultId);
    }

    static String toxicName(int faultId, int n, ToxicDirection direction) {
        return FilterRule.comment(faultId) + "-" + n + "-" + direction.name().toLowerCase();
    }

    private static void check(LinkSpec.Toxic toxic) {
        if (toxic.down()) {
            return;
        }
        List<String> known = LinkSpec.Toxic.ATTRIBUTES.get(toxic.type());
        if (known == null) {
            throw new IllegalArgumentException(
                    "unknown toxic type '" + toxic.type() + "'; known: " + LinkSpec.Toxic.TYPES);
        }
        Set<String> unknown = new HashSet<>(toxic.attributes().keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "toxic " + toxic.type() + " has no attributes " + unknown + "; it has " + known);
        }
        if (toxic.toxicity() < 0 || toxic.toxicity() > 1) {
            throw new IllegalArgumentException(
                    "toxic " + toxic.type() + ": toxicity must be in [0, 1], got " + toxic.toxicity());
        }
        directions(toxic.stream());
    }

    private static List<ToxicDirection> directions(String stream) {
        return switch (stream) {
            case "upstream" -> List.of(ToxicDirection.UPSTREAM);
            case "downstream" -> List.of(ToxicDirection.DOWNSTREAM);
            case "both" -> List.of(ToxicDirection.UPSTREAM, ToxicDirection.DOWNSTREAM);
            default ->
                throw new IllegalArgumentException(
                        "toxic stream must be one of " + LinkSpec.Toxic.STREAMS + ", got '" + stream + "'");
        };
    }

    /** Creates the toxic with the client's typed call; attributes left out are 0, as in Toxiproxy. */
    private static void add(ToxicList list, String name, ToxicDirection direction, LinkSpec.Toxic spec)
            throws IOException {
        Map<String, Long> a = spec.attributes();
        Toxic toxic = switch (spec.type()) {
            case "latency" -> list.latency(name, direction, attr(a, "latency")).setJitter(attr(a, "jitter"));
            case "bandwidth" -> list.bandwidth(name, direction, attr(a, "rate"));
            case "slow_close" -> list.slowClose(name, direction, attr(a, "delay"));
            case "timeout" -> list.timeout(name, direction, attr(a, "timeout"));
            case "reset_peer" -> list.resetPeer(name, direction, attr(a, "timeout"));
            case "slicer" ->
                list.slicer(name, direction, attr(a, "average_size"), attr(a, "delay"))
                        .setSizeVariation(attr(a, "size_variation"));
            case "limit_data" -> list.limitData(name, direction, attr(a, "bytes"));
            default -> throw new IllegalArgumentException("unknown toxic type '" + spec.type() + "'");
        };
        if (spec.toxicity() != 1.0) {
            toxic.setToxicity(spec.toxicity().floatValue());
        }
    }

    private static long attr(Map<String, Long> attributes, String name) {
        return attributes.getOrDefault(name, 0L);
    }

    private Proxy proxy(String path) {
        return call(path, "look up", () -> proxies.getProxy(path));
    }

    private interface ProxyCall<T> {
        T run() throws IOException;
    }

    private static <T> T call(String path, String what, ProxyCall<T> action) {
        try {
            return action.run();
        } catch (IOException e) {
            throw new IllegalStateException("fault-proxy path " + path + ", " + what + ": " + e.getMessage(), e);
        }
    }

    private static void call(String path, String what, IoRunnable action) {
        call(path, what, () -> {
            action.run();
            return null;
        });
    }

    private interface IoRunnable {
        void run() throws IOException;
    }
}
