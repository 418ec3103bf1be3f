package dev.gameday.store.protocol.expression;

import dev.gameday.store.protocol.AttributeValue;
import dev.gameday.store.protocol.Item;
import java.util.List;
import java.util.Optional;

/** A document path such as {@code a.b[2].c}, with placeholders already resolved to real names. */
public record Path(List<Element> elements) {

    /** One step of a path: a map key (or top-level attribute) or a list index. */
    public sealed interface Element permits Name, Index {}

    public record Name(String name) implements Element {}

    public record Index(int index) implements Element {}

    public Path {
        elements = List.copyOf(elements);
        if (elements.isEmpty() || !(elements.get(0) instanceof Name)) {
            throw new IllegalArgumentException("a path starts with an attribute name: " + elements);
        }
    }

    public String topLevelName() {
        return ((Name) elements.get(0)).name();
    }

    public boolean isTopLevel() {
        return elements.size() == 1;
    }

    public Optional<AttributeValue> get(Item item) {
        AttributeValue current = item.attributes().get(topLevelName());
        for (int i = 1; i < elements.size() && current != null; i++) {
            current = child(current, elements.get(i));
        }
        return Optional.ofNullable(current);
    }

    static AttributeValue child(AttributeValue container, Element element) {
        if (element instanceof Name n && container instanceof AttributeValue.M m) {
            return m.value().get(n.name());
        }
        if (element instanceof Index ix && container instanceof AttributeValue.L l) {
            return ix.index() < l.value().size() ? l.value().get(ix.index()) : null;
        }
        return null;
    }

    /** True if one path is a prefix of (or equal to) the other: DynamoDB rejects such pairs in one update. */
    public boolean overlaps(Path other) {
        int common = Math.min(elements.size(), other.elements.size());
        return elements.subList(0, common).equals(other.elements.subList(0, common));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Element e : elements) {
            if (e instanceof Name n) {
                if (s.length() > 0) {
                    s.append('.');
                }
                s.append(n.name());
            } else {
                s.append('[').append(((Index) e).index()).append(']');
            }
        }
        return s.toString();
    }
}
