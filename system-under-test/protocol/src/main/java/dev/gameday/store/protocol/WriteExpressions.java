package dev.gameday.store.protocol;

import dev.gameday.store.protocol.codec.BinaryReader;
import dev.gameday.store.protocol.codec.BinaryWriter;
import dev.gameday.store.protocol.expression.Condition;
import dev.gameday.store.protocol.expression.ExpressionContext;
import dev.gameday.store.protocol.expression.ExpressionParser;
import dev.gameday.store.protocol.expression.UpdateExpression;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The expressions of a write as the client sent them (text plus placeholder maps). Writes carry the source,
 * not a parsed tree: parsing is deterministic, so replicas re-parse the same bytes to the same tree, and the
 * stored format stays independent of the parser's classes.
 */
public record WriteExpressions(
        Optional<String> condition,
        Optional<String> update,
        Map<String, String> names,
        Map<String, AttributeValue> values) {

    public WriteExpressions {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(update, "update");
        names = Map.copyOf(names);
        values = Map.copyOf(values);
    }

    public static WriteExpressions none() {
        return new WriteExpressions(Optional.empty(), Optional.empty(), Map.of(), Map.of());
    }

    public Optional<Condition> parsedCondition() {
        ExpressionContext context = new ExpressionContext(names, values);
        return condition.map(c -> ExpressionParser.condition(c, "ConditionExpression", context));
    }

    public Optional<UpdateExpression> parsedUpdate() {
        ExpressionContext context = new ExpressionContext(names, values);
        return update.map(u -> ExpressionParser.update(u, context));
    }

    /** True if the condition holds for the current item (absent items have no attributes); true without one. */
    boolean conditionHolds(Optional<Item> current) {
        return parsedCondition()
                .map(c -> c.test(current.orElse(new Item(Map.of()))))
                .orElse(true);
    }

    void write(BinaryWriter out) {
        writeOptional(out, condition);
        writeOptional(out, update);
        TreeMap<String, String> sortedNames = new TreeMap<>(names);
        out.writeVarLong(sortedNames.size());
        sortedNames.forEach((k, v) -> out.writeString(k).writeString(v));
        TreeMap<String, AttributeValue> sortedValues = new TreeMap<>(values);
        out.writeVarLong(sortedValues.size());
        sortedValues.forEach((k, v) -> {
            out.writeString(k);
            AttributeValueCodec.write(out, v);
        });
    }

    static WriteExpressions read(BinaryReader in) {
        Optional<String> condition = readOptional(in);
        Optional<String> update = readOptional(in);
        TreeMap<String, String> names = new TreeMap<>();
        int nameCount = in.readVarInt();
        for (int i = 0; i < nameCount; i++) {
            names.put(in.readString(), in.readString());
        }
        TreeMap<String, AttributeValue> values = new TreeMap<>();
        int valueCount = in.readVarInt();
        for (int i = 0; i < valueCount; i++) {
            values.put(in.readString(), AttributeValueCodec.read(in));
        }
        return new WriteExpressions(condition, update, names, values);
    }

    private static void writeOptional(BinaryWriter out, Optional<String> s) {
        out.writeBoolean(s.isPresent());
        s.ifPresent(out::writeString);
    }

    private static Optional<String> readOptional(BinaryReader in) {
        return in.readBoolean() ? Optional.of(in.readString()) : Optional.empty();
    }
}
