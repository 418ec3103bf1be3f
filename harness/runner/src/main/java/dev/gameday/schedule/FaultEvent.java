package dev.gameday.schedule;

import java.time.Duration;

/** A moment the nemesis acts: a fault starts (inject) or ends (heal), at an offset from the run start. */
public record FaultEvent(Duration at, Kind kind, PlannedFault fault) {

    public enum Kind {
        START,
        END
    }
}
