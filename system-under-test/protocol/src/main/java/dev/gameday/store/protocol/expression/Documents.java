package dev.gameday.store.protocol.expression;

import dev.gameday.store.protocol.AttributeValue;
import dev.gameday.store.protocol.DynamoException;
import dev.gameday.store.protocol.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Immutable edits of an item at a document path. The item's attributes are treated as a top-level map,
 * so nested and top-level paths share one recursive implementation.
 */
final class Documents {
    private static final String INVALID_PATH =
            "The document path provided in the update expression is invalid for update";

    private Documents() {}

    /** Sets the value at path; the parent must exist (a list index past the end appends). */
    static Item set(Item item, Path path, AttributeValue value) {
        return fromRoot(setIn(root(item), path.elements(), 0, value, false));
    }

    /** Sets the value at path, creating missing parents; used to build projections. */
    static Item setCreating(Item item, Path path, AttributeValue value) {
        return fromRoot(setIn(root(item), path.elements(), 0, value, true));
    }

    /**
     * Removes the value at path. A missing leaf is left alone; a missing or wrongly typed parent is invalid,
     * as in DynamoDB.
     */
    static Item remove(Item item, Path path) {
        return fromRoot(removeIn(root(item), path.elements(), 0));
    }

    private static AttributeValue setIn(
            AttributeValue container, List<Path.Element> path, int at, AttributeValue value, boolean createParents) {
        Path.Element element = path.get(at);
        boolean last = at == path.size() - 1;
        AttributeValue existing = Path.child(container, element);
        AttributeValue replacement;
        if (last) {
            replacement = value;
        } else {
            if (existing == null) {
                if (!createParents) {
                    throw DynamoException.validation(INVALID_PATH);
                }
                existing = path.get(at + 1) instanceof Path.Name
                        ? new AttributeValue.M(new TreeMap<>())
                        : new AttributeValue.L(List.of());
            }
            replacement = setIn(existing, path, at + 1, value, createParents);
        }
        if (element instanceof Path.Name n && container instanceof AttributeValue.M m) {
            TreeMap<String, AttributeValue> copy = new TreeMap<>(m.value());
            copy.put(n.name(), replacement);
            return new AttributeValue.M(copy);
        }
        if (element instanceof Path.Index ix && container instanceof AttributeValue.L l) {
            List<AttributeValue> copy = new ArrayList<>(l.value());
            if (ix.index() < copy.size()) {
                copy.set(ix.index(), replacement);
            } else {
                copy.add(replacement);
            }
            return new AttributeValue.L(copy);
        }
        throw DynamoException.validation(INVALID_PATH);
    }

    private static AttributeValue removeIn(AttributeValue container, List<Path.Element> path, int at) {
        Path.Element element = path.get(at);
        boolean typeFits = element instanceof Path.Name
                ? container instanceof AttributeValue.M
                : container instanceof AttributeValue.L;
        if (!typeFits) {
            throw DynamoException.validation(INVALID_PATH);
        }
        AttributeValue existing = Path.child(container, element);
        boolean last = at == path.size() - 1;
        if (existing == null) {
            if (last) {
                return container;
            }
            throw DynamoException.validation(INVALID_PATH);
        }
        if (element instanceof Path.Name n && container instanceof AttributeValue.M m) {
            TreeMap<String, AttributeValue> copy = new TreeMap<>(m.value());
            if (last) {
                copy.remove(n.name());
            } else {
                copy.put(n.name(), removeIn(existing, path, at + 1));
            }
            return new AttributeValue.M(copy);
        }
        AttributeValue.L l = (AttributeValue.L) container; // child() found an element, so this is a list
        List<AttributeValue> copy = new ArrayList<>(l.value());
        int index = ((Path.Index) element).index();
        if (last) {
            copy.remove(index);
        } else {
            copy.set(index, removeIn(existing, path, at + 1));
        }
        return new AttributeValue.L(copy);
    }

    private static AttributeValue root(Item item) {
        return new AttributeValue.M(item.attributes());
    }

    private static Item fromRoot(AttributeValue root) {
        return new Item(((AttributeValue.M) root).value());
    }
}
