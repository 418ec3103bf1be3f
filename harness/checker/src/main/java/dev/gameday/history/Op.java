package dev.gameday.history;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One history event, as in Jepsen: an invocation or a completion. Invocations and completions are
 * paired by process: a completion belongs to the latest open invocation of the same process.
 *
 * @param index     position in the history (EDN {@code :index}; line order when the file has none)
 * @param timeNanos monotonic time in nanoseconds (EDN {@code :time}); {@link #NO_TIME} when unknown
 * @param process   the client process; {@link #NEMESIS} for the fault injector ({@code :process :nemesis})
 * @param type      invoke, ok, fail or info
 * @param f         the function: "read", "write", "cas", "get", "put", "append", "final-read", ...
 * @param key       the key, or null for a single-register history
 * @param value     a Java view of the EDN value: null (nil), Long, String, Boolean, List (vectors),
 *                  Map, {@link Keyword}
 * @param extra     every other key of the EDN map (node, az, endpoint, latency, error, ...), in file
 *                  order, keyed by keyword name without the colon
 */
public record Op(
        long index,
        long timeNanos,
        long process,
        OpType type,
        String f,
        String key,
        Object value,
        Map<String, Object> extra) {

    /** {@code timeNanos} of an op whose history recorded no time. */
    public static final long NO_TIME = -1;
    /** {@code process} of the nemesis (fault injector), which is not a client. */
    public static final long NEMESIS = -1;

    public Op {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(f, "f");
        extra = extra == null || extra.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** An op without extra keys. */
    public Op(long index, long timeNanos, long process, OpType type, String f, String key, Object value) {
        this(index, timeNanos, process, type, f, key, value, Map.of());
    }

    public boolean isInvoke() {
        return type == OpType.INVOKE;
    }

    /** Copy with another index, time, type and value: how a completion is made from its invocation. */
    public Op complete(long newIndex, long newTimeNanos, OpType newType, Object newValue) {
        return new Op(newIndex, newTimeNanos, process, newType, f, key, newValue, extra);
    }
}
