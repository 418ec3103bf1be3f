package dev.gameday.faultproxy.toxic;

import java.util.Locale;
import java.util.Optional;

/** Which way a toxic acts: upstream is client to server, downstream is server to client. */
public enum StreamDirection {
    UPSTREAM,
    DOWNSTREAM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<StreamDirection> parse(String wireName) {
        for (StreamDirection direction : values()) {
            if (direction.wireName().equals(wireName)) {
                return Optional.of(direction);
            }
        }
        return Optional.empty();
    }
}
