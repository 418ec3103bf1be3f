package dev.gameday.report;

import java.time.Duration;

/** When a fault was actually active, as offsets from run start; {@code end} is when it was healed. */
public record FaultWindow(int faultId, Duration start, Duration end) {}
