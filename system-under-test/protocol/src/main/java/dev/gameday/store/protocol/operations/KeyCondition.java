package dev.gameday.store.protocol.operations;

import dev.gameday.store.protocol.AttributeValue;
import dev.gameday.store.protocol.DynamoException;
import dev.gameday.store.protocol.KeyAttribute;
import dev.gameday.store.protocol.KeySchema;
import dev.gameday.store.protocol.expression.Condition;
import dev.gameday.store.protocol.expression.Operand;
import dev.gameday.store.protocol.expression.Path;
import dev.gameday.store.protocol.expression.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Query's KeyConditionExpression reduced to what DynamoDB allows: partition key equality, optionally
 * AND one sort-key condition ({@code = < <= > >=}, BETWEEN, begins_with).
 *
 * @param partitionValue the value the partition key must equal
 * @param sortKeyRange where sort keys must lie; empty means the whole partition
 */
record KeyCondition(AttributeValue partitionValue, Optional<SortKeyRange> sortKeyRange) {

    static KeyCondition of(Condition condition, KeySchema schema) {
        List<Condition> parts = new ArrayList<>();
        flattenAnd(condition, parts);
        if (parts.size() > 2) {
            throw DynamoException.validation("Conditions can be of length 1 or 2 only");
        }
        AttributeValue partitionValue = null;
        SortKeyRange range = null;
        KeyAttribute pk = schema.partitionKey();
        for (Condition part : parts) {
            SortKeyRange candidate = SortKeyRange.of(part);
            String attribute = candidate.attribute();
            if (attribute.equals(pk.name())) {
                if (partitionValue != null) {
                    throw DynamoException.validation("KeyConditionExpressions must only contain one condition per key");
                }
                if (candidate.operator() != SortKeyRange.Operator.EQ) {
                    throw DynamoException.validation("Query key condition not supported");
                }
                requireType(candidate.bound(), pk);
                partitionValue = candidate.bound();
            } else if (schema.sortKey().map(k -> k.name().equals(attribute)).orElse(false)) {
                if (range != null) {
                    throw DynamoException.validation("KeyConditionExpressions must only contain one condition per key");
                }
                requireType(candidate.bound(), schema.sortKey().get());
                candidate
                        .upperBound()
                        .ifPresent(b -> requireType(b, schema.sortKey().get()));
                range = candidate.validated();
            } else {
                throw DynamoException.validation("Query condition missed key schema element: " + pk.name());
            }
        }
        if (partitionValue == null) {
            throw DynamoException.validation("Query condition missed key schema element: " + pk.name());
        }
        return new KeyCondition(partitionValue, Optional.ofNullable(range));
    }

    private static void flattenAnd(Condition condition, List<Condition> into) {
        if (condition instanceof Condition.And and) {
            flattenAnd(and.left(), into);
            flattenAnd(and.right(), into);
        } else if (condition instanceof Condition.Or) {
            throw DynamoException.validation("Invalid operator used in KeyConditionExpression: OR");
        } else if (condition instanceof Condition.Not) {
            throw DynamoException.validation("Invalid operator used in KeyConditionExpression: NOT");
        } else {
            into.add(condition);
        }
    }

    private static void requireType(AttributeValue value, KeyAttribute attribute) {
        if (!value.typeName().equals(attribute.type().name())) {
            throw DynamoException.validation(
                    "One or more parameter values were invalid: Condition parameter type does not match schema type");
        }
    }

    /** One condition on a key attribute, and where a sort key value lies relative to it. */
    record SortKeyRange(
            String attribute, Operator operator, AttributeValue bound, Optional<AttributeValue> upperBound) {
        enum Operator {
            EQ,
            LT,
            LE,
            GT,
            GE,
            BETWEEN,
            BEGINS_WITH
        }

        static SortKeyRange of(Condition part) {
            if (part instanceof Condition.Comparison c) {
                Operator op = switch (c.comparator()) {
                    case EQ -> Operator.EQ;
                    case LT -> Operator.LT;
                    case LE -> Operator.LE;
                    case GT -> Operator.GT;
                    case GE -> Operator.GE;
                    case NE ->
                        throw DynamoException.validation(
                                "Unsupported operator on KeyConditionExpression: operator: <>");
                };
                if (c.left() instanceof Operand.PathOperand p && c.right() instanceof Operand.Literal l) {
                    return new SortKeyRange(attribute(p.path()), op, l.value(), Optional.empty());
                }
                if (c.left() instanceof Operand.Literal l && c.right() instanceof Operand.PathOperand p) {
                    return new SortKeyRange(attribute(p.path()), mirrored(op), l.value(), Optional.empty());
                }
            } else if (part instanceof Condition.Between b
                    && b.value() instanceof Operand.PathOperand p
                    && b.low() instanceof Operand.Literal lo
                    && b.high() instanceof Operand.Literal hi) {
                return new SortKeyRange(attribute(p.path()), Operator.BETWEEN, lo.value(), Optional.of(hi.value()));
            } else if (part instanceof Condition.BeginsWith bw
                    && bw.value() instanceof Operand.PathOperand p
                    && bw.prefix() instanceof Operand.Literal l) {
                return new SortKeyRange(attribute(p.path()), Operator.BEGINS_WITH, l.value(), Optional.empty());
            }
            throw DynamoException.validation("Query key condition not supported");
        }

        private static Operator mirrored(Operator op) {
            return switch (op) {
                case LT -> Operator.GT;
                case LE -> Operator.GE;
                case GT -> Operator.LT;
                case GE -> Operator.LE;
                default -> op;
            };
        }

        private static String attribute(Path path) {
            if (!path.isTopLevel()) {
                throw DynamoException.validation("Query key condition not supported");
            }
            return path.topLevelName();
        }

        SortKeyRange validated() {
            if (operator == Operator.BEGINS_WITH && bound instanceof AttributeValue.N) {
                throw DynamoException.validation(
                        "Invalid KeyConditionExpression: Incorrect operand type for operator or"
                                + " function; operator or function: begins_with, operand type: N");
            }
            if (operator == Operator.BETWEEN
                    && Values.compare(bound, upperBound.orElseThrow()).orElse(0) > 0) {
                throw DynamoException.validation(
                        "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound"
                                + " to be greater than or equal to lower bound");
            }
            return this;
        }

        /** -1 if the value sorts before the range, 0 inside, +1 after: ranges are contiguous in sort-key order. */
        int position(AttributeValue value) {
            int c = Values.compare(value, bound).orElseThrow();
            return switch (operator) {
                case EQ -> Integer.signum(c);
                case LT -> c < 0 ? 0 : 1;
                case LE -> c <= 0 ? 0 : 1;
                case GT -> c > 0 ? 0 : -1;
                case GE -> c >= 0 ? 0 : -1;
                case BETWEEN ->
                    c < 0 ? -1 : Values.compare(value, upperBound.orElseThrow()).orElseThrow() > 0 ? 1 : 0;
                case BEGINS_WITH -> startsWith(value) ? 0 : Integer.signum(c);
            };
        }

        private boolean startsWith(AttributeValue value) {
            if (value instanceof AttributeValue.S s && bound instanceof AttributeValue.S p) {
                return s.value().startsWith(p.value());
            }
            return value instanceof AttributeValue.B b
                    && bound instanceof AttributeValue.B p
                    && b.value().startsWith(p.value());
        }
    }
}
