package dev.gameday.store.protocol.expression;

import dev.gameday.store.protocol.AttributeValue;
import dev.gameday.store.protocol.DynamoException;
import dev.gameday.store.protocol.Item;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Something that evaluates to a value against an item: a path, a literal value, size(path), or (in
 * UpdateExpression SET only) if_not_exists, list_append and + / -.
 */
public sealed interface Operand {
    String MISSING_ATTRIBUTE = "The provided expression refers to an attribute that does not exist in the item";
    String WRONG_TYPE = "An operand in the update expression has an incorrect data type";

    /** Empty if the value does not exist (e.g. a missing attribute). */
    Optional<AttributeValue> evaluate(Item item);

    record PathOperand(Path path) implements Operand {
        public Optional<AttributeValue> evaluate(Item item) {
            return path.get(item);
        }
    }

    record Literal(AttributeValue value) implements Operand {
        public Optional<AttributeValue> evaluate(Item item) {
            return Optional.of(value);
        }
    }

    /** size(path): string length, binary length, or element count; undefined for other types. */
    record Size(Path path) implements Operand {
        public Optional<AttributeValue> evaluate(Item item) {
            return path.get(item).flatMap(Size::sizeOf).map(AttributeValue.N::of);
        }

        private static Optional<Long> sizeOf(AttributeValue v) {
            if (v instanceof AttributeValue.S s) {
                return Optional.of((long) s.value().codePointCount(0, s.value().length()));
            } else if (v instanceof AttributeValue.B b) {
                return Optional.of((long) b.value().length());
            } else if (v instanceof AttributeValue.L l) {
                return Optional.of((long) l.value().size());
            } else if (v instanceof AttributeValue.M m) {
                return Optional.of((long) m.value().size());
            } else if (v instanceof AttributeValue.SS s) {
                return Optional.of((long) s.value().size());
            } else if (v instanceof AttributeValue.NS s) {
                return Optional.of((long) s.value().size());
            } else if (v instanceof AttributeValue.BS s) {
                return Optional.of((long) s.value().size());
            }
            return Optional.empty();
        }
    }

    record IfNotExists(Path path, Operand fallback) implements Operand {
        public Optional<AttributeValue> evaluate(Item item) {
            Optional<AttributeValue> existing = path.get(item);
            return existing.isPresent() ? existing : Optional.of(required(fallback, item));
        }
    }

    record ListAppend(Operand first, Operand second) implements Operand {
        public Optional<AttributeValue> evaluate(Item item) {
            AttributeValue a = required(first, item);
            AttributeValue b = required(second, item);
            if (!(a instanceof AttributeValue.L la) || !(b instanceof AttributeValue.L lb)) {
                throw DynamoException.validation(WRONG_TYPE);
            }
            List<AttributeValue> joined = new ArrayList<>(la.value());
            joined.addAll(lb.value());
            return Optional.of(new AttributeValue.L(joined));
        }
    }

    record Arithmetic(Operand left, boolean plus, Operand right) implements Operand {
        public Optional<AttributeValue> evaluate(Item item) {
            AttributeValue a = required(left, item);
            AttributeValue b = required(right, item);
            if (!(a instanceof AttributeValue.N na) || !(b instanceof AttributeValue.N nb)) {
                throw DynamoException.validation(WRONG_TYPE);
            }
            BigDecimal result = plus ? na.value().add(nb.value()) : na.value().subtract(nb.value());
            return Optional.of(new AttributeValue.N(result));
        }
    }

    /** In SET, every operand must exist; DynamoDB rejects the update otherwise. */
    static AttributeValue required(Operand operand, Item item) {
        return operand.evaluate(item).orElseThrow(() -> DynamoException.validation(MISSING_ATTRIBUTE));
    }
}
