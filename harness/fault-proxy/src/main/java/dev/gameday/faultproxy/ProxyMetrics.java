package dev.gameday.faultproxy;

import dev.gameday.faultproxy.link.Traffic;
import dev.gameday.faultproxy.toxic.StreamDirection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Toxiproxy's proxy metrics, served at GET /metrics: bytes received and sent per proxy and
 * direction, as {@code toxiproxy_proxy_received_bytes_total} and {@code toxiproxy_proxy_sent_bytes_total}
 * with the labels direction, listener, proxy and upstream.
 */
public final class ProxyMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** The counters of one direction of a proxy listening on {@code listener}. */
    Traffic traffic(String proxy, String listener, String upstream, StreamDirection direction) {
        Counter received = counter("toxiproxy.proxy.received.bytes", proxy, listener, upstream, direction);
        Counter sent = counter("toxiproxy.proxy.sent.bytes", proxy, listener, upstream, direction);
        return new Traffic() {
            @Override
            public void received(long bytes) {
                received.increment(bytes);
            }

            @Override
            public void sent(long bytes) {
                sent.increment(bytes);
            }
        };
    }

    /** Every metric in Prometheus' text exposition format. */
    public String scrape() {
        return registry.scrape();
    }

    private Counter counter(String name, String proxy, String listener, String upstream, StreamDirection direction) {
        return Counter.builder(name)
                .tag("direction", direction.wireName())
                .tag("listener", listener)
                .tag("proxy", proxy)
                .tag("upstream", upstream)
                .register(registry);
    }
}
