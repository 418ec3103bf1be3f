package dev.gameday.nemesis;

import java.net.URI;

/**
 * A request router as the canary reaches it: through the fault proxy, so latency and partition
 * faults can be applied per path. {@code router} is the router's member name, {@code az} its AZ.
 */
public record Endpoint(String router, String az, URI uri) {}
