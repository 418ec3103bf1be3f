package dev.gameday.history;

/** The kind of a history event, as Jepsen names them. */
public enum OpType {
    /** A client started an operation. */
    INVOKE,
    /** The operation completed and took effect. */
    OK,
    /** The operation certainly did not take effect. */
    FAIL,
    /** The outcome is unknown: it may take effect at any time after its invocation, or never. */
    INFO;

    /** The EDN keyword name, e.g. {@code "invoke"} for {@code :invoke}. */
    public String ednName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses an EDN keyword name; returns null when it is not one of the four types. */
    public static OpType fromEdnName(String name) {
        return switch (name) {
            case "invoke" -> INVOKE;
            case "ok" -> OK;
            case "fail" -> FAIL;
            case "info" -> INFO;
            default -> null;
        };
    }
}
