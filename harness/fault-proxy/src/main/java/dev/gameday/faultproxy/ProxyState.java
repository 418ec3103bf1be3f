package dev.gameday.faultproxy;

import dev.gameday.faultproxy.toxic.ToxicSpec;
import java.util.List;

/** A snapshot of a proxy for the API: {@code listen} is the address actually bound while enabled. */
public record ProxyState(String name, String listen, String upstream, boolean enabled, List<ToxicSpec> toxics) {}
