package dev.gameday.faultproxy;

import dev.gameday.faultproxy.link.EventLoop;
import dev.gameday.faultproxy.toxic.ToxicSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The proxies by name, and every operation of the HTTP API on them with Toxiproxy's errors.
 *
 * <p>Each public method hops onto the event loop thread, so proxies, listeners and connections are
 * only ever touched by that one thread and API calls are applied one at a time, in order.
 */
public final class ProxyRegistry {
    /** An API operation on the registry's state; runs on the loop thread. */
    private interface Operation<T> {
        T apply() throws ApiException;
    }

    /** Turns the current value into the new one; may reject the change. */
    public interface Change<T> {
        T apply(T current) throws ApiException;
    }

    private final EventLoop loop;
    private final ProxyMetrics metrics;
    private final Map<String, Proxy> proxies = new TreeMap<>();

    public ProxyRegistry(EventLoop loop, ProxyMetrics metrics) {
        this.loop = loop;
        this.metrics = metrics;
    }

    public List<ProxyState> list() throws ApiException {
        return onLoop(() -> proxies.values().stream().map(Proxy::state).toList());
    }

    public ProxyState create(ProxySettings settings) throws ApiException {
        return onLoop(() -> {
            if (proxies.containsKey(settings.name())) {
                throw new ApiException(409, "proxy already exists");
            }
            return add(settings).state();
        });
    }

    /**
     * Creates or replaces many proxies. The whole request is checked before anything changes;
     * a proxy whose addresses are unchanged is kept as it is, with its toxics and connections.
     */
    public List<ProxyState> populate(List<ProxySettings> wanted) throws ApiException {
        return onLoop(() -> {
            Set<String> names = new HashSet<>();
            for (ProxySettings settings : wanted) {
                if (!names.add(settings.name())) {
                    throw new ApiException(400, "bad request body: duplicate proxy name \"" + settings.name() + "\"");
                }
            }
            List<ProxyState> result = new ArrayList<>();
            for (ProxySettings settings : wanted) {
                Proxy existing = proxies.get(settings.name());
                if (existing != null && sameAddresses(existing, settings)) {
                    result.add(existing.state());
                    continue;
                }
                if (existing != null) {
                    existing.stop();
                    proxies.remove(settings.name());
                }
                result.add(add(settings).state());
            }
            return result;
        });
    }

    public ProxyState get(String name) throws ApiException {
        return onLoop(() -> find(name).state());
    }

    /** Applies a partial update; the change receives the current settings with the bound listen address. */
    public ProxyState update(String name, Change<ProxySettings> change) throws ApiException {
        return onLoop(() -> {
            Proxy proxy = find(name);
            ProxyState current = proxy.state();
            ProxySettings next =
                    change.apply(new ProxySettings(name, current.listen(), current.upstream(), current.enabled()));
            proxy.update(new ProxySettings(name, next.listen(), next.upstream(), next.enabled()));
            return proxy.state();
        });
    }

    public void delete(String name) throws ApiException {
        onLoop(() -> {
            find(name).stop();
            proxies.remove(name);
            return null;
        });
    }

    /** Enables every proxy and removes every toxic. */
    public void reset() throws ApiException {
        onLoop(() -> {
            for (Proxy proxy : proxies.values()) {
                proxy.start();
                proxy.removeAllToxics();
            }
            return null;
        });
    }

    public List<ToxicSpec> toxics(String proxyName) throws ApiException {
        return onLoop(() -> find(proxyName).toxics());
    }

    public ToxicSpec toxic(String proxyName, String toxicName) throws ApiException {
        return onLoop(() -> findToxic(find(proxyName), toxicName));
    }

    public ToxicSpec addToxic(String proxyName, ToxicSpec toxic) throws ApiException {
        return onLoop(() -> {
            Proxy proxy = find(proxyName);
            if (proxy.toxic(toxic.name()).isPresent()) {
                throw new ApiException(409, "toxic already exists");
            }
            proxy.addToxic(toxic);
            return toxic;
        });
    }

    public ToxicSpec updateToxic(String proxyName, String toxicName, Change<ToxicSpec> change) throws ApiException {
        return onLoop(() -> {
            Proxy proxy = find(proxyName);
            ToxicSpec updated = change.apply(findToxic(proxy, toxicName));
            proxy.replaceToxic(updated);
            return updated;
        });
    }

    public void removeToxic(String proxyName, String toxicName) throws ApiException {
        onLoop(() -> {
            Proxy proxy = find(proxyName);
            proxy.removeToxic(findToxic(proxy, toxicName));
            return null;
        });
    }

    /** Stops every proxy, closing all listeners and connections. */
    public void closeAll() throws ApiException {
        onLoop(() -> {
            proxies.values().forEach(Proxy::stop);
            proxies.clear();
            return null;
        });
    }

    private Proxy add(ProxySettings settings) throws ApiException {
        Proxy proxy = new Proxy(loop, metrics, settings);
        if (settings.enabled()) {
            proxy.start();
        }
        proxies.put(settings.name(), proxy);
        return proxy;
    }

    private Proxy find(String name) throws ApiException {
        Proxy proxy = proxies.get(name);
        if (proxy == null) {
            throw ApiException.proxyNotFound();
        }
        return proxy;
    }

    private static ToxicSpec findToxic(Proxy proxy, String name) throws ApiException {
        return proxy.toxic(name).orElseThrow(ApiException::toxicNotFound);
    }

    private static boolean sameAddresses(Proxy existing, ProxySettings wanted) {
        ProxyState state = existing.state();
        boolean sameListen = wanted.listen().equals(existing.settings().listen())
                || wanted.listen().equals(state.listen());
        return sameListen && wanted.upstream().equals(state.upstream()) && wanted.enabled() == state.enabled();
    }

    private <T> T onLoop(Operation<T> operation) throws ApiException {
        try {
            return loop.call(operation::apply);
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {
            throw new ApiException(500, e.toString());
        }
    }
}
