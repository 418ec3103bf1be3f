package dev.gameday.faultproxy;

import dev.gameday.faultproxy.link.Connection;
import dev.gameday.faultproxy.link.EventLoop;
import dev.gameday.faultproxy.link.Listener;
import dev.gameday.faultproxy.link.Stage;
import dev.gameday.faultproxy.link.Traffic;
import dev.gameday.faultproxy.toxic.StreamDirection;
import dev.gameday.faultproxy.toxic.ToxicSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One named proxy: its settings, its toxic chains (one per direction, in the order toxics were added)
 * and, while enabled, its listener. Every toxic change is applied to the live connections too.
 * Confined to the event loop thread.
 */
final class Proxy {
    private final EventLoop loop;
    private final ProxyMetrics metrics;
    private ProxySettings settings;
    private final Map<StreamDirection, List<ToxicSpec>> chains = new EnumMap<>(StreamDirection.class);
    private Listener listener;
    private String boundListen;
    private final Map<StreamDirection, Traffic> traffic = new EnumMap<>(StreamDirection.class);

    Proxy(EventLoop loop, ProxyMetrics metrics, ProxySettings settings) {
        this.loop = loop;
        this.metrics = metrics;
        this.settings = settings;
        for (StreamDirection direction : StreamDirection.values()) {
            chains.put(direction, new ArrayList<>());
        }
    }

    ProxySettings settings() {
        return settings;
    }

    ProxyState state() {
        return new ProxyState(
                settings.name(),
                listener != null ? boundListen : settings.listen(),
                settings.upstream(),
                listener != null,
                toxics());
    }

    /** Upstream toxics first, then downstream, each in chain order (Toxiproxy's listing order). */
    List<ToxicSpec> toxics() {
        List<ToxicSpec> all = new ArrayList<>(chains.get(StreamDirection.UPSTREAM));
        all.addAll(chains.get(StreamDirection.DOWNSTREAM));
        return all;
    }

    Optional<ToxicSpec> toxic(String name) {
        return toxics().stream().filter(toxic -> toxic.name().equals(name)).findFirst();
    }

    /** Binds the listen address if not listening yet. */
    void start() throws ApiException {
        if (listener != null) {
            return;
        }
        InetSocketAddress listen = resolved(HostPort.parse(settings.listen()));
        InetSocketAddress upstream = HostPort.parse(settings.upstream());
        try {
            listener = Listener.bind(loop, listen, upstream, new Plan());
            boundListen = HostPort.format(listener.boundAddress());
            // Set before the loop can accept: this runs on the loop thread.
            for (StreamDirection direction : StreamDirection.values()) {
                traffic.put(direction, metrics.traffic(settings.name(), boundListen, settings.upstream(), direction));
            }
        } catch (IOException e) {
            listener = null;
            throw new ApiException(500, "listen tcp " + settings.listen() + ": " + e.getMessage());
        }
    }

    /** Closes the listener and every connection it accepted. */
    void stop() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }

    /** Applies new settings: a changed address restarts the listener (dropping connections), enabled toggles it. */
    void update(ProxySettings next) throws ApiException {
        boolean addressChanged =
                !next.listen().equals(state().listen()) || !next.upstream().equals(settings.upstream());
        if (addressChanged || !next.enabled()) {
            stop();
        }
        settings = next;
        if (next.enabled()) {
            start();
        }
    }

    void addToxic(ToxicSpec toxic) {
        chains.get(toxic.stream()).add(toxic);
        long now = System.nanoTime();
        for (Connection connection : liveConnections()) {
            connection.addStage(isUpstream(toxic), toxic.newStage(now));
        }
    }

    void replaceToxic(ToxicSpec toxic) {
        List<ToxicSpec> chain = chains.get(toxic.stream());
        int index = indexOf(chain, toxic.name());
        chain.set(index, toxic);
        long now = System.nanoTime();
        for (Connection connection : liveConnections()) {
            connection.replaceStage(isUpstream(toxic), index, toxic.newStage(now));
        }
    }

    void removeToxic(ToxicSpec toxic) {
        List<ToxicSpec> chain = chains.get(toxic.stream());
        int index = indexOf(chain, toxic.name());
        chain.remove(index);
        for (Connection connection : liveConnections()) {
            connection.removeStage(isUpstream(toxic), index);
        }
    }

    void removeAllToxics() {
        for (ToxicSpec toxic : toxics()) {
            removeToxic(toxic);
        }
    }

    /** A new connection gets the current toxics (each rolling its toxicity) and the proxy's counters. */
    private final class Plan implements Listener.ConnectionPlan {
        @Override
        public List<Stage> stagesFor(boolean upstreamDirection) {
            long now = System.nanoTime();
            List<Stage> stages = new ArrayList<>();
            for (ToxicSpec toxic : chains.get(direction(upstreamDirection))) {
                stages.add(toxic.newStage(now));
            }
            return stages;
        }

        @Override
        public Traffic trafficFor(boolean upstreamDirection) {
            return traffic.get(direction(upstreamDirection));
        }

        private StreamDirection direction(boolean upstreamDirection) {
            return upstreamDirection ? StreamDirection.UPSTREAM : StreamDirection.DOWNSTREAM;
        }
    }

    private List<Connection> liveConnections() {
        return listener == null ? List.of() : listener.connections();
    }

    private static boolean isUpstream(ToxicSpec toxic) {
        return toxic.stream() == StreamDirection.UPSTREAM;
    }

    private static int indexOf(List<ToxicSpec> chain, String name) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("toxic " + name + " is not in its chain");
    }

    private static InetSocketAddress resolved(InetSocketAddress address) throws ApiException {
        if (!address.isUnresolved()) {
            return address;
        }
        InetSocketAddress resolved = new InetSocketAddress(address.getHostString(), address.getPort());
        if (resolved.isUnresolved()) {
            throw new ApiException(500, "listen tcp " + address.getHostString() + ": no such host");
        }
        return resolved;
    }
}
