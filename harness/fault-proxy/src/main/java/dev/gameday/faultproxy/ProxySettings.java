package dev.gameday.faultproxy;

/** What a client configures on a proxy: {@code listen} and {@code upstream} are "host:port" strings. */
public record ProxySettings(String name, String listen, String upstream, boolean enabled) {}
