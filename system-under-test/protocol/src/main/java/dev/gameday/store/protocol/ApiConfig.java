package dev.gameday.store.protocol;

import java.time.Clock;
import java.util.Objects;

/**
 * Settings of the request path.
 *
 * @param defaultPartitionCount partitions of a table created without a {@code gameday:partitions} tag
 * @param region region reported in table ARNs
 * @param clock source of CreationDateTime
 */
public record ApiConfig(int defaultPartitionCount, String region, Clock clock) {
    public static final String PARTITIONS_TAG = "gameday:partitions";

    public ApiConfig {
        if (defaultPartitionCount < 1) {
            throw new IllegalArgumentException("defaultPartitionCount must be >= 1: " + defaultPartitionCount);
        }
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(clock, "clock");
    }

    public static ApiConfig defaults() {
        return new ApiConfig(4, "us-east-1", Clock.systemUTC());
    }
}
