package dev.gameday.canary;

import dev.gameday.history.Op;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The durability view of a canary history: unique writes and the final reads, restricted to unique
 * keys. Registers are left to the linearizability checker, because the durability checker does not
 * count a {@code cas} as a write, so a register write later replaced by a cas would look lost.
 */
public final class UniqueWrites {
    /** Keys of unique writes start with this; register keys ({@code r0, r1, ...}) never do. */
    public static final String KEY_PREFIX = "u-";

    private UniqueWrites() {}

    public static boolean isUniqueKey(String key) {
        return key != null && key.startsWith(KEY_PREFIX);
    }

    public static List<Op> of(List<Op> history) {
        return history.stream()
                .filter(op -> isUniqueKey(op.key()) || (op.f().equals("final-read") && op.key() == null))
                .map(UniqueWrites::restrictFinalRead)
                .toList();
    }

    private static Op restrictFinalRead(Op op) {
        if (!(op.value() instanceof Map<?, ?> values)) {
            return op;
        }
        Map<Object, Object> unique = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key instanceof String k && isUniqueKey(k)) {
                unique.put(key, value);
            }
        });
        return new Op(op.index(), op.timeNanos(), op.process(), op.type(), op.f(), op.key(), unique, op.extra());
    }
}
