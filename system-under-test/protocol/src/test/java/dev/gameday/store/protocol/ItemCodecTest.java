package dev.gameday.store.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Encode/decode round trips, canonical bytes, item sizes and key validation. */
class ItemCodecTest {
    private static final KeySchema SCHEMA = KeySchema.hashAndRange("pk", ScalarType.S, "sk", ScalarType.N);

    static Item everyType() {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("pk", new AttributeValue.S("p"));
        m.put("sk", AttributeValue.N.of("-12.5"));
        m.put("b", new AttributeValue.B(Binary.of(new byte[] {0, 1, 2})));
        m.put("bool", new AttributeValue.Bool(false));
        m.put("nul", new AttributeValue.Null());
        m.put(
                "map",
                new AttributeValue.M(
                        new TreeMap<>(Map.of("x", new AttributeValue.L(List.of(AttributeValue.N.of(1)))))));
        m.put("ss", new AttributeValue.SS(new TreeSet<>(Set.of("z", "a", "\uD83D\uDE00"))));
        m.put("ns", new AttributeValue.NS(new TreeSet<>(Set.of(new BigDecimal("3"), new BigDecimal("-1.50")))));
        m.put("bs", new AttributeValue.BS(new TreeSet<>(Set.of(Binary.of(new byte[] {9}), Binary.of(new byte[0])))));
        return new Item(m);
    }

    @Test
    void itemsRoundTripAndEncodeCanonically() {
        Item item = everyType();
        assertEquals(item, Item.decode(item.encode()));
        assertEquals(1, item.encode()[0], "first byte is the format version");

        // Same content, different insertion order and number spelling: same bytes.
        Map<String, AttributeValue> reordered = new LinkedHashMap<>();
        List<String> names = List.copyOf(item.attributes().keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            reordered.put(names.get(i), item.attributes().get(names.get(i)));
        }
        reordered.put("sk", AttributeValue.N.of("-12.500"));
        assertArrayEquals(item.encode(), new Item(reordered).encode());
    }

    @Test
    void unknownFormatVersionsAndTruncationAreRejected() {
        byte[] bytes = everyType().encode();
        bytes[0] = 9;
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class, () -> Item.decode(bytes));
        assertTrue(version.getMessage().contains("format version 9"), version.getMessage());
        byte[] good = everyType().encode();
        assertThrows(IllegalArgumentException.class, () -> Item.decode(java.util.Arrays.copyOf(good, good.length - 2)));
    }

    @Test
    void writesRoundTripAndReplayDeterministically() {
        Item current = everyType();
        PrimaryKey key = current.key(SCHEMA);
        WriteExpressions update = new WriteExpressions(
                Optional.of("attribute_exists(pk) AND bool = :f"),
                Optional.of("SET counter = if_not_exists(counter, :zero) + :one ADD ss :more REMOVE nul"),
                Map.of(),
                Map.of(
                        ":f",
                        new AttributeValue.Bool(false),
                        ":zero",
                        AttributeValue.N.of(0),
                        ":one",
                        AttributeValue.N.of(1),
                        ":more",
                        new AttributeValue.SS(new TreeSet<>(Set.of("new")))));
        List<ItemWrite> writes = List.of(
                new PutItemWrite(
                        key,
                        current,
                        new WriteExpressions(
                                Optional.of("attribute_not_exists(pk)"), Optional.empty(), Map.of(), Map.of())),
                new DeleteItemWrite(key, WriteExpressions.none()),
                new UpdateItemWrite(key, update));
        for (ItemWrite write : writes) {
            ItemWrite decoded = ItemWrite.decode(write.encode());
            assertEquals(write, decoded);
            assertArrayEquals(write.encode(), decoded.encode());
            WriteResult first = write.apply(Optional.of(current));
            WriteResult replayed = decoded.apply(Optional.of(current));
            assertArrayEquals(first.encode(), replayed.encode(), "replicas replaying the same bytes agree");
            assertEquals(first, WriteResult.decode(first.encode()));
        }
        WriteResult putIfAbsent = writes.get(0).apply(Optional.of(current));
        assertTrue(putIfAbsent.conditionFailed());
        assertEquals(Optional.of(current), putIfAbsent.newItem(), "a failed condition changes nothing");
        WriteResult updated = writes.get(2).apply(Optional.of(current));
        assertEquals(
                AttributeValue.N.of(1),
                updated.newItem().orElseThrow().attributes().get("counter"));
        assertEquals(Optional.empty(), updated.newItem().orElseThrow().get("nul"));
        assertEquals(
                4,
                ((AttributeValue.SS)
                                updated.newItem().orElseThrow().attributes().get("ss"))
                        .value()
                        .size());
    }

    @Test
    void updateThatBreaksOnTheStoredItemIsRejectedDeterministically() {
        Item current = everyType();
        UpdateItemWrite write = new UpdateItemWrite(
                current.key(SCHEMA),
                new WriteExpressions(
                        Optional.empty(),
                        Optional.of("SET x = bool + :one"),
                        Map.of(),
                        Map.of(":one", AttributeValue.N.of(1))));
        WriteResult result = write.apply(Optional.of(current));
        assertEquals(
                Optional.of("An operand in the update expression has an incorrect data type"),
                result.validationError());
        assertEquals(Optional.of(current), result.newItem());
        assertTrue(!result.changed());

        UpdateItemWrite grow = new UpdateItemWrite(
                current.key(SCHEMA),
                new WriteExpressions(
                        Optional.empty(),
                        Optional.of("SET big = :big"),
                        Map.of(),
                        Map.of(":big", new AttributeValue.S("x".repeat(410_000)))));
        assertEquals(
                Optional.of("Item size to update has exceeded the maximum allowed size"),
                grow.apply(Optional.of(current)).validationError());
    }

    @Test
    void tableDescriptionsRoundTrip() {
        TableDescription table = new TableDescription(
                "t", SCHEMA, 8, 1_700_000_000_123L, Map.of("pk", "S", "sk", "N"), new Throughput(5, 7));
        assertEquals(table, TableDescription.decode(table.encode()));
        TableDescription onDemand =
                new TableDescription("u", KeySchema.hashOnly("id", ScalarType.B), 1, 0, Map.of("id", "B"));
        assertEquals(onDemand, TableDescription.decode(onDemand.encode()));
    }

    @Test
    void itemSizeCountsNamesAndValuesAsDynamoDbDoes() {
        assertEquals(2 + 5, new Item(Map.of("ab", new AttributeValue.S("hello"))).sizeBytes());
        assertEquals(3 + 1, new Item(Map.of("€", new AttributeValue.S("x"))).sizeBytes(), "UTF-8 length of the name");
        // 5 significant digits -> 3 bytes + 1
        assertEquals(1 + 4, new Item(Map.of("n", AttributeValue.N.of("12345"))).sizeBytes());
        assertEquals(1 + 1, new Item(Map.of("b", new AttributeValue.Bool(true))).sizeBytes());
        // map: 3 + (1 + name "k" + value "v")
        assertEquals(
                1 + 3 + 1 + 1 + 1,
                new Item(Map.of("m", new AttributeValue.M(new TreeMap<>(Map.of("k", new AttributeValue.S("v"))))))
                        .sizeBytes());
        assertEquals(
                2 + 3 + 2,
                new Item(Map.of("ss", new AttributeValue.SS(new TreeSet<>(Set.of("abc", "de"))))).sizeBytes());
    }

    @Test
    void keyValidationNamesTheProblem() {
        assertEquals(
                "One or more parameter values were invalid: Missing the key sk in the item",
                assertThrows(DynamoException.class, () -> new Item(Map.of("pk", new AttributeValue.S("p"))).key(SCHEMA))
                        .getMessage());
        assertEquals(
                "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S",
                assertThrows(
                                DynamoException.class,
                                () -> new Item(Map.of("pk", new AttributeValue.S("p"), "sk", new AttributeValue.S("1")))
                                        .key(SCHEMA))
                        .getMessage());
        assertTrue(assertThrows(
                        DynamoException.class,
                        () -> new Item(Map.of("pk", new AttributeValue.S(""), "sk", AttributeValue.N.of(1)))
                                .key(SCHEMA))
                .getMessage()
                .contains("cannot contain an empty string value"));
    }

    @Test
    void removeOnlyUpdatesDoNotCreateItemsAndBadParentsAreInvalid() {
        PrimaryKey key = everyType().key(SCHEMA);
        UpdateItemWrite removeOnly = new UpdateItemWrite(
                key, new WriteExpressions(Optional.empty(), Optional.of("REMOVE a"), Map.of(), Map.of()));
        WriteResult absent = removeOnly.apply(Optional.empty());
        assertEquals(Optional.empty(), absent.newItem(), "removing from an absent item does not create it");
        UpdateItemWrite add = new UpdateItemWrite(
                key,
                new WriteExpressions(
                        Optional.empty(), Optional.of("ADD n :one"), Map.of(), Map.of(":one", AttributeValue.N.of(1))));
        assertEquals(
                AttributeValue.N.of(1),
                add.apply(Optional.empty()).newItem().orElseThrow().attributes().get("n"));

        UpdateItemWrite missingLeaf = new UpdateItemWrite(
                key, new WriteExpressions(Optional.empty(), Optional.of("REMOVE map.nothing"), Map.of(), Map.of()));
        assertEquals(
                Optional.of(everyType()),
                missingLeaf.apply(Optional.of(everyType())).newItem());
        UpdateItemWrite missingParent = new UpdateItemWrite(
                key, new WriteExpressions(Optional.empty(), Optional.of("REMOVE nothing.x"), Map.of(), Map.of()));
        assertEquals(
                Optional.of("The document path provided in the update expression is invalid for update"),
                missingParent.apply(Optional.of(everyType())).validationError());
        UpdateItemWrite wrongType = new UpdateItemWrite(
                key, new WriteExpressions(Optional.empty(), Optional.of("REMOVE bool.x"), Map.of(), Map.of()));
        assertTrue(wrongType.apply(Optional.of(everyType())).validationError().isPresent());
    }
}
