package dev.gameday.store.api.bugs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which {@link StoreBug}s a cluster runs with. Each is off by default and is refused unless the environment also
 * says {@value #ENV}={@value #ENV_VALUE}, so a config file alone can never make a store lose data.
 *
 * <p>In the cluster config every bug is written as {@code "configKey": true|false}, in the enum's order, so
 * configs read and written by older and newer processes look the same.
 */
public final class BugSwitches {
    public static final String ENV = "GAMEDAY_ALLOW_STORE_BUGS";
    public static final String ENV_VALUE = "i-know-this-loses-data";

    private final EnumSet<StoreBug> on;

    private BugSwitches(Collection<StoreBug> on) {
        this.on = EnumSet.noneOf(StoreBug.class);
        this.on.addAll(on);
    }

    public static BugSwitches none() {
        return new BugSwitches(List.of());
    }

    public static BugSwitches of(StoreBug... bugs) {
        return new BugSwitches(List.of(bugs));
    }

    public static BugSwitches of(Collection<StoreBug> bugs) {
        return new BugSwitches(bugs);
    }

    public boolean isOn(StoreBug bug) {
        return on.contains(bug);
    }

    public boolean any() {
        return !on.isEmpty();
    }

    /** The bugs that are on, in the enum's order. */
    public Set<StoreBug> on() {
        return EnumSet.copyOf(on);
    }

    /** Whether the environment consents to deliberate bugs: the store's, and the harness's own client bugs. */
    public static boolean consented(Map<String, String> environment) {
        return ENV_VALUE.equals(environment.get(ENV));
    }

    /** Fails the process start when a switch is on without the environment's consent. */
    public void checkAllowed(Map<String, String> environment) {
        if (any() && !consented(environment)) {
            throw new IllegalStateException("store bug switches " + this + " are on but " + ENV + " is not set to '"
                    + ENV_VALUE + "'; refusing to start");
        }
    }

    @JsonValue
    Map<String, Boolean> toJson() {
        Map<String, Boolean> json = new LinkedHashMap<>();
        for (StoreBug bug : StoreBug.values()) {
            json.put(bug.configKey(), on.contains(bug));
        }
        return json;
    }

    @JsonCreator
    static BugSwitches fromJson(Map<String, Boolean> json) {
        Set<StoreBug> on = EnumSet.noneOf(StoreBug.class);
        json.forEach((key, value) -> {
            StoreBug bug = StoreBug.fromConfigKey(key);
            if (Boolean.TRUE.equals(value)) {
                on.add(bug);
            }
        });
        return new BugSwitches(on);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BugSwitches b && b.on.equals(on);
    }

    @Override
    public int hashCode() {
        return on.hashCode();
    }

    @Override
    public String toString() {
        return on.stream().map(StoreBug::optionName).toList().toString();
    }
}
