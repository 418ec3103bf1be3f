package dev.gameday.store.protocol.expression;

import dev.gameday.store.protocol.AttributeValue;
import dev.gameday.store.protocol.Item;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed ConditionExpression / FilterExpression / KeyConditionExpression. Evaluation never throws:
 * a missing attribute or mismatched types make a comparison false, as in DynamoDB.
 */
public sealed interface Condition {
    boolean test(Item item);

    enum Comparator {
        EQ("="),
        NE("<>"),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">=");

        final String symbol;

        Comparator(String symbol) {
            this.symbol = symbol;
        }

        static Optional<Comparator> of(Token token) {
            for (Comparator c : values()) {
                if (token.kind() == Token.Kind.SYMBOL && token.text().equals(c.symbol)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }

        boolean holds(int comparison) {
            return switch (this) {
                case EQ -> comparison == 0;
                case NE -> comparison != 0;
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
                case GT -> comparison > 0;
                case GE -> comparison >= 0;
            };
        }
    }

    record Comparison(Comparator comparator, Operand left, Operand right) implements Condition {
        public boolean test(Item item) {
            Optional<AttributeValue> a = left.evaluate(item);
            Optional<AttributeValue> b = right.evaluate(item);
            if (comparator == Comparator.EQ) {
                return a.isPresent() && a.equals(b);
            }
            if (comparator == Comparator.NE) {
                // A missing attribute is "not equal" to anything.
                return a.isEmpty() || b.isEmpty() || !a.equals(b);
            }
            if (a.isEmpty() || b.isEmpty()) {
                return false;
            }
            OptionalInt c = Values.compare(a.get(), b.get());
            return c.isPresent() && comparator.holds(c.getAsInt());
        }
    }

    record Between(Operand value, Operand low, Operand high) implements Condition {
        public boolean test(Item item) {
            Optional<AttributeValue> v = value.evaluate(item);
            Optional<AttributeValue> lo = low.evaluate(item);
            Optional<AttributeValue> hi = high.evaluate(item);
            if (v.isEmpty() || lo.isEmpty() || hi.isEmpty()) {
                return false;
            }
            OptionalInt aboveLow = Values.compare(v.get(), lo.get());
            OptionalInt belowHigh = Values.compare(v.get(), hi.get());
            return aboveLow.isPresent()
                    && belowHigh.isPresent()
                    && aboveLow.getAsInt() >= 0
                    && belowHigh.getAsInt() <= 0;
        }
    }

    record In(Operand value, List<Operand> candidates) implements Condition {
        public In {
            candidates = List.copyOf(candidates);
        }

        public boolean test(Item item) {
            Optional<AttributeValue> v = value.evaluate(item);
            return v.isPresent()
                    && candidates.stream().anyMatch(c -> c.evaluate(item).equals(v));
        }
    }

    record And(Condition left, Condition right) implements Condition {
        public boolean test(Item item) {
            return left.test(item) && right.test(item);
        }
    }

    record Or(Condition left, Condition right) implements Condition {
        public boolean test(Item item) {
            return left.test(item) || right.test(item);
        }
    }

    record Not(Condition inner) implements Condition {
        public boolean test(Item item) {
            return !inner.test(item);
        }
    }

    record AttributeExists(Path path) implements Condition {
        public boolean test(Item item) {
            return path.get(item).isPresent();
        }
    }

    record AttributeNotExists(Path path) implements Condition {
        public boolean test(Item item) {
            return path.get(item).isEmpty();
        }
    }

    record AttributeType(Path path, String typeName) implements Condition {
        public boolean test(Item item) {
            return path.get(item).map(v -> v.typeName().equals(typeName)).orElse(false);
        }
    }

    record BeginsWith(Operand value, Operand prefix) implements Condition {
        public boolean test(Item item) {
            Optional<AttributeValue> v = value.evaluate(item);
            Optional<AttributeValue> p = prefix.evaluate(item);
            if (v.isEmpty() || p.isEmpty()) {
                return false;
            }
            if (v.get() instanceof AttributeValue.S s && p.get() instanceof AttributeValue.S ps) {
                return s.value().startsWith(ps.value());
            }
            if (v.get() instanceof AttributeValue.B b && p.get() instanceof AttributeValue.B pb) {
                return b.value().startsWith(pb.value());
            }
            return false;
        }
    }

    /** contains(path, operand): substring of a string, element of a set or list, or sub-sequence of binary. */
    record Contains(Operand container, Operand element) implements Condition {
        public boolean test(Item item) {
            Optional<AttributeValue> c = container.evaluate(item);
            Optional<AttributeValue> e = element.evaluate(item);
            if (c.isEmpty() || e.isEmpty()) {
                return false;
            }
            AttributeValue haystack = c.get();
            AttributeValue needle = e.get();
            if (haystack instanceof AttributeValue.S s) {
                return needle instanceof AttributeValue.S n && s.value().contains(n.value());
            } else if (haystack instanceof AttributeValue.B b) {
                return needle instanceof AttributeValue.B n && b.value().contains(n.value());
            } else if (haystack instanceof AttributeValue.SS ss) {
                return needle instanceof AttributeValue.S n && ss.value().contains(n.value());
            } else if (haystack instanceof AttributeValue.NS ns) {
                return needle instanceof AttributeValue.N n && ns.value().contains(n.value());
            } else if (haystack instanceof AttributeValue.BS bs) {
                return needle instanceof AttributeValue.B n && bs.value().contains(n.value());
            } else if (haystack instanceof AttributeValue.L l) {
                return l.value().contains(needle);
            }
            return false;
        }
    }
}
