package dev.gameday.store.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.store.api.placement.KeyPlacement;
import dev.gameday.store.protocol.expression.Values;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Property-style checks over random keys: storage-key byte order equals DynamoDB's value order. */
class StorageKeyOrderTest {
    private static final int SAMPLES = 3000;
    private final Random random = new Random(20261127);

    @Test
    void numberKeysSortNumerically() {
        List<AttributeValue> values = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            values.add(new AttributeValue.N(randomNumber()));
        }
        values.addAll(List.of(
                AttributeValue.N.of("0"),
                AttributeValue.N.of("1E-130"),
                AttributeValue.N.of("-1E-130"),
                AttributeValue.N.of("9.9999999999999999999999999999999999999E+125"),
                AttributeValue.N.of("-9.9999999999999999999999999999999999999E+125"),
                AttributeValue.N.of("0.1"),
                AttributeValue.N.of("0.12"),
                AttributeValue.N.of("0.123"),
                AttributeValue.N.of("-0.12"),
                AttributeValue.N.of("-0.123"),
                AttributeValue.N.of("10"),
                AttributeValue.N.of("9")));
        checkOrderAndRoundTrip(values, ScalarType.N);
    }

    @Test
    void stringAndBinaryKeysSortBytewise() {
        List<AttributeValue> strings = new ArrayList<>();
        List<AttributeValue> binaries = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            strings.add(new AttributeValue.S(randomString()));
            byte[] bytes = new byte[random.nextInt(6)];
            for (int j = 0; j < bytes.length; j++) {
                bytes[j] = (byte) (random.nextInt(4) == 0 ? 0 : random.nextInt(256)); // plenty of 0x00 to escape
            }
            binaries.add(new AttributeValue.B(Binary.of(bytes)));
        }
        strings.add(new AttributeValue.S("a\u0000"));
        strings.add(new AttributeValue.S("a"));
        strings.add(new AttributeValue.S("\uD83D\uDE00")); // above U+FFFF: UTF-16 and UTF-8 orders differ
        strings.add(new AttributeValue.S("\uFFFD"));
        checkOrderAndRoundTrip(strings, ScalarType.S);
        checkOrderAndRoundTrip(binaries, ScalarType.B);
    }

    @Test
    void itemsOfOnePartitionKeyAreContiguousAndOrderedBySortKey() {
        KeySchema schema = KeySchema.hashAndRange("pk", ScalarType.S, "sk", ScalarType.N);
        List<PrimaryKey> keys = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            String pk =
                    List.of("a", "a\u0000", "ab", "b", "").get(random.nextInt(5)) + (random.nextBoolean() ? "" : "x");
            keys.add(PrimaryKey.of(
                    new KeyElement("pk", new AttributeValue.S(pk)),
                    new KeyElement("sk", new AttributeValue.N(randomNumber()))));
        }
        keys.sort((a, b) -> Arrays.compareUnsigned(a.storageKey(), b.storageKey()));
        for (int i = 1; i < keys.size(); i++) {
            PrimaryKey prev = keys.get(i - 1);
            PrimaryKey cur = keys.get(i);
            if (prev.partition().equals(cur.partition())) {
                assertTrue(Values.compare(
                                        prev.sort().get().value(),
                                        cur.sort().get().value())
                                .getAsInt()
                        <= 0);
            } else {
                // Once a partition key ends, it never appears again.
                for (int j = i; j < keys.size(); j++) {
                    assertTrue(
                            !keys.get(j).partition().equals(prev.partition()),
                            "partition key " + prev + " not contiguous");
                }
            }
            byte[] prefix = cur.partitionOnly().storageKey();
            assertTrue(Arrays.equals(cur.storageKey(), 0, prefix.length, prefix, 0, prefix.length));
            assertEquals(cur, PrimaryKey.fromStorageKey(cur.storageKey(), schema));
        }
    }

    @Test
    void aStringKeyIsPlacedWhereClientsComputeIt() {
        for (String key : List.of("r0", "r15", "user-42", "nul\u0000inside", "\u00e9t\u00e9", "")) {
            for (int partitions : new int[] {1, 3, 4, 7}) {
                assertEquals(
                        KeyPlacement.partitionOfString(key, partitions),
                        PrimaryKey.of(new KeyElement("id", new AttributeValue.S(key)))
                                .partitionIndex(partitions),
                        key + " over " + partitions);
            }
        }
        // Pinned: a change of the placement function moves every existing item to another group.
        assertEquals(
                List.of(0, 1, 3, 3, 2),
                Stream.of("r0", "r1", "r2", "r3", "r15")
                        .map(k -> KeyPlacement.partitionOfString(k, 4))
                        .toList());
    }

    @Test
    void partitionIndexIsStableAndInRange() {
        PrimaryKey key = PrimaryKey.of(new KeyElement("id", new AttributeValue.S("user-42")));
        int index = key.partitionIndex(7);
        assertTrue(index >= 0 && index < 7);
        assertEquals(
                index,
                PrimaryKey.of(new KeyElement("id", new AttributeValue.S("user-42")))
                        .partitionIndex(7));
        int[] counts = new int[4];
        for (int i = 0; i < 4000; i++) {
            counts[PrimaryKey.of(new KeyElement("id", AttributeValue.N.of(i))).partitionIndex(4)]++;
        }
        for (int c : counts) {
            assertTrue(c > 800, "hash spreads keys over partitions: " + Arrays.toString(counts));
        }
    }

    private void checkOrderAndRoundTrip(List<AttributeValue> values, ScalarType type) {
        KeySchema schema = KeySchema.hashOnly("k", type);
        for (int i = 0; i < values.size(); i++) {
            AttributeValue a = values.get(i);
            AttributeValue b = values.get(random.nextInt(values.size()));
            byte[] ka = PrimaryKey.of(new KeyElement("k", a)).storageKey();
            byte[] kb = PrimaryKey.of(new KeyElement("k", b)).storageKey();
            int expected = Integer.signum(Values.compare(a, b).getAsInt());
            assertEquals(expected, Integer.signum(Arrays.compareUnsigned(ka, kb)), () -> a + " vs " + b);
            assertEquals(a, PrimaryKey.fromStorageKey(ka, schema).partition().value());
        }
    }

    private BigDecimal randomNumber() {
        int digits = 1 + random.nextInt(38);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < digits; i++) {
            s.append(random.nextInt(10));
        }
        BigInteger unscaled = new BigInteger(s.toString());
        if (random.nextBoolean()) {
            unscaled = unscaled.negate();
        }
        int scale = random.nextInt(60) - 30 + (random.nextInt(10) == 0 ? random.nextInt(80) : 0);
        return Numbers.check(new BigDecimal(unscaled, scale));
    }

    private String randomString() {
        int length = random.nextInt(6);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            s.appendCodePoint(
                    kind < 6
                            ? 'a' + random.nextInt(3)
                            : kind < 8
                                    ? random.nextInt(3)
                                    : kind == 8 ? 0x4E00 + random.nextInt(50) : 0x1F600 + random.nextInt(50));
        }
        String result = s.toString();
        assertEquals(result, new String(result.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        return result;
    }
}
