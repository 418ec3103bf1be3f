package dev.gameday.store.protocol;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One DynamoDB attribute value. Immutable; numbers are normalised and sets and maps are sorted, so two
 * equal values are {@code equals} and encode to the same bytes.
 */
public sealed interface AttributeValue {

    /** DynamoDB orders strings by their UTF-8 bytes, which differs from Java's UTF-16 order above U+FFFF. */
    Comparator<String> UTF8_ORDER = (a, b) ->
            java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /** The wire type name: S, N, B, BOOL, NULL, M, L, SS, NS, BS. */
    String typeName();

    /** DynamoDB's storage size of the value (without the attribute name), as used for the 400 KB limit. */
    long sizeBytes();

    record S(String value) implements AttributeValue {
        public S {
            Objects.requireNonNull(value, "value");
        }

        public String typeName() {
            return "S";
        }

        public long sizeBytes() {
            return value.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    record N(BigDecimal value) implements AttributeValue {
        public N {
            value = Numbers.check(value);
        }

        public static N of(String wire) {
            return new N(Numbers.parse(wire));
        }

        public static N of(long v) {
            return new N(BigDecimal.valueOf(v));
        }

        public String typeName() {
            return "N";
        }

        /** "1 byte per two significant digits, plus 1 byte" (DynamoDB item size documentation). */
        public long sizeBytes() {
            return (value.precision() + 1) / 2 + 1;
        }
    }

    record B(Binary value) implements AttributeValue {
        public B {
            Objects.requireNonNull(value, "value");
        }

        public String typeName() {
            return "B";
        }

        public long sizeBytes() {
            return value.length();
        }
    }

    record Bool(boolean value) implements AttributeValue {
        public String typeName() {
            return "BOOL";
        }

        public long sizeBytes() {
            return 1;
        }
    }

    record Null() implements AttributeValue {
        public String typeName() {
            return "NULL";
        }

        public long sizeBytes() {
            return 1;
        }
    }

    record M(SortedMap<String, AttributeValue> value) implements AttributeValue {
        public M {
            value = Collections.unmodifiableSortedMap(new TreeMap<>(value));
        }

        public String typeName() {
            return "M";
        }

        /** 3 bytes per map plus 1 byte per element, plus names and values. */
        public long sizeBytes() {
            long size = 3;
            for (var e : value.entrySet()) {
                size += 1
                        + e.getKey().getBytes(StandardCharsets.UTF_8).length
                        + e.getValue().sizeBytes();
            }
            return size;
        }
    }

    record L(List<AttributeValue> value) implements AttributeValue {
        public L {
            value = List.copyOf(value);
        }

        public String typeName() {
            return "L";
        }

        public long sizeBytes() {
            long size = 3;
            for (AttributeValue v : value) {
                size += 1 + v.sizeBytes();
            }
            return size;
        }
    }

    record SS(SortedSet<String> value) implements AttributeValue {
        public SS {
            TreeSet<String> copy = new TreeSet<>(UTF8_ORDER);
            copy.addAll(value);
            requireNonEmpty(copy, "string");
            value = Collections.unmodifiableSortedSet(copy);
        }

        public String typeName() {
            return "SS";
        }

        public long sizeBytes() {
            return value.stream()
                    .mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length)
                    .sum();
        }
    }

    record NS(SortedSet<BigDecimal> value) implements AttributeValue {
        public NS {
            TreeSet<BigDecimal> copy = new TreeSet<>();
            value.forEach(n -> copy.add(Numbers.check(n)));
            requireNonEmpty(copy, "number");
            value = Collections.unmodifiableSortedSet(copy);
        }

        public String typeName() {
            return "NS";
        }

        public long sizeBytes() {
            return value.stream().mapToLong(n -> new N(n).sizeBytes()).sum();
        }
    }

    record BS(SortedSet<Binary> value) implements AttributeValue {
        public BS {
            TreeSet<Binary> copy = new TreeSet<>(value);
            requireNonEmpty(copy, "binary");
            value = Collections.unmodifiableSortedSet(copy);
        }

        public String typeName() {
            return "BS";
        }

        public long sizeBytes() {
            return value.stream().mapToLong(Binary::length).sum();
        }
    }

    private static void requireNonEmpty(SortedSet<?> set, String kind) {
        if (set.isEmpty()) {
            throw DynamoException.validation(
                    "One or more parameter values were invalid: An " + kind + " set  may not be empty");
        }
    }
}
