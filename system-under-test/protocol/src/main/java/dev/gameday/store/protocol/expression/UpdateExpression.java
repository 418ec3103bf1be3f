package dev.gameday.store.protocol.expression;

import dev.gameday.store.protocol.AttributeValue;
import dev.gameday.store.protocol.DynamoException;
import dev.gameday.store.protocol.Item;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A parsed UpdateExpression: SET, REMOVE, ADD and DELETE actions. All operands are evaluated against the
 * item as it was before the update (DynamoDB semantics); paths of one update never overlap.
 */
public record UpdateExpression(
        List<SetAction> sets, List<Path> removes, List<ValueAction> adds, List<ValueAction> deletes) {

    public record SetAction(Path path, Operand value) {}

    /** ADD path :value or DELETE path :value. */
    public record ValueAction(Path path, AttributeValue value) {}

    public UpdateExpression {
        sets = List.copyOf(sets);
        removes = List.copyOf(removes);
        adds = List.copyOf(adds);
        deletes = List.copyOf(deletes);
    }

    /** True if the update only takes things away (REMOVE / DELETE), adding no data. */
    public boolean onlyRemoves() {
        return sets.isEmpty() && adds.isEmpty() && (!removes.isEmpty() || !deletes.isEmpty());
    }

    /** Every path the update writes, in expression order. */
    public List<Path> paths() {
        return Stream.of(
                        sets.stream().map(SetAction::path),
                        removes.stream(),
                        adds.stream().map(ValueAction::path),
                        deletes.stream().map(ValueAction::path))
                .flatMap(s -> s)
                .toList();
    }

    /**
     * The updated item. Throws a ValidationException (deterministically) when the update does not fit the
     * stored item, e.g. {@code SET a = b + :n} with b missing or not a number.
     */
    public Item apply(Item before) {
        List<AttributeValue> setValues = new ArrayList<>();
        for (SetAction set : sets) {
            setValues.add(Operand.required(set.value(), before));
        }
        Item result = before;
        for (int i = 0; i < sets.size(); i++) {
            result = Documents.set(result, sets.get(i).path(), setValues.get(i));
        }
        // Later list indices first, so removing [1] and [3] removes the elements that were at 1 and 3.
        List<Path> removalOrder = new ArrayList<>(removes);
        removalOrder.sort(UpdateExpression::laterIndexFirst);
        for (Path remove : removalOrder) {
            result = Documents.remove(result, remove);
        }
        for (ValueAction add : adds) {
            AttributeValue updated =
                    add.path().get(before).map(old -> add(old, add.value())).orElse(add.value());
            result = Documents.set(result, add.path(), updated);
        }
        for (ValueAction delete : deletes) {
            var old = delete.path().get(before);
            if (old.isPresent()) {
                var remaining = subtract(old.get(), delete.value());
                result = remaining.isPresent()
                        ? Documents.set(result, delete.path(), remaining.get())
                        : Documents.remove(result, delete.path());
            }
        }
        return result;
    }

    private static int laterIndexFirst(Path a, Path b) {
        int common = Math.min(a.elements().size(), b.elements().size());
        for (int i = 0; i < common; i++) {
            Path.Element x = a.elements().get(i);
            Path.Element y = b.elements().get(i);
            int c;
            if (x instanceof Path.Index xi && y instanceof Path.Index yi) {
                c = Integer.compare(yi.index(), xi.index());
            } else if (x instanceof Path.Name xn && y instanceof Path.Name yn) {
                c = xn.name().compareTo(yn.name());
            } else {
                c = x instanceof Path.Index ? -1 : 1;
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(b.elements().size(), a.elements().size());
    }

    private static AttributeValue add(AttributeValue old, AttributeValue delta) {
        if (old instanceof AttributeValue.N a && delta instanceof AttributeValue.N b) {
            return new AttributeValue.N(a.value().add(b.value()));
        }
        if (old instanceof AttributeValue.SS a && delta instanceof AttributeValue.SS b) {
            return new AttributeValue.SS(union(a.value(), b.value()));
        }
        if (old instanceof AttributeValue.NS a && delta instanceof AttributeValue.NS b) {
            return new AttributeValue.NS(union(a.value(), b.value()));
        }
        if (old instanceof AttributeValue.BS a && delta instanceof AttributeValue.BS b) {
            return new AttributeValue.BS(union(a.value(), b.value()));
        }
        throw DynamoException.validation(Operand.WRONG_TYPE);
    }

    /** The set without the given elements; empty if nothing remains (DynamoDB then removes the attribute). */
    private static java.util.Optional<AttributeValue> subtract(AttributeValue old, AttributeValue removed) {
        if (old instanceof AttributeValue.SS a && removed instanceof AttributeValue.SS b) {
            TreeSet<String> rest = minus(a.value(), b.value());
            return rest.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(new AttributeValue.SS(rest));
        }
        if (old instanceof AttributeValue.NS a && removed instanceof AttributeValue.NS b) {
            TreeSet<BigDecimal> rest = minus(a.value(), b.value());
            return rest.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(new AttributeValue.NS(rest));
        }
        if (old instanceof AttributeValue.BS a && removed instanceof AttributeValue.BS b) {
            var rest = minus(a.value(), b.value());
            return rest.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(new AttributeValue.BS(rest));
        }
        throw DynamoException.validation(Operand.WRONG_TYPE);
    }

    private static <T> TreeSet<T> union(SortedSet<T> a, SortedSet<T> b) {
        TreeSet<T> result = new TreeSet<>(a);
        result.addAll(b);
        return result;
    }

    private static <T> TreeSet<T> minus(SortedSet<T> a, SortedSet<T> b) {
        TreeSet<T> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }
}
