package dev.gameday.checker.linearizability;

import java.util.List;

/** The models known by name. */
public final class Models {
    /** Names accepted by {@link #byName}, in the order a help text lists them. */
    public static final List<String> NAMES = List.of("register", "cas-register", "kv");

    private Models() {}

    public static Model byName(String name) {
        return switch (name) {
            case "register" -> RegisterModel.register();
            case "cas-register" -> RegisterModel.casRegister();
            case "kv" -> new KvModel();
            default -> throw new IllegalArgumentException("unknown model '" + name + "', expected one of " + NAMES);
        };
    }
}
