package dev.gameday.store.server.storage;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemStoreTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(List<byte[]> values) {
        return values.stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }

    private static void put(ItemStore store, long index, String table, int partition, String key, String value) {
        store.apply(new AppliedEntry(
                index,
                index,
                ItemStore.itemKey(table, partition, b(key)),
                Optional.of(b(value)),
                b("record-" + index)));
    }

    @Test
    void rangesStayInsideTheirPrefixInBothDirections() {
        try (ItemStore store = ItemStore.open(dir.resolve("db"))) {
            put(store, 1, "t", 0, "a1", "A1");
            put(store, 2, "t", 0, "a2", "A2");
            put(store, 3, "t", 0, "a3", "A3");
            put(store, 4, "t", 0, "b1", "B1");
            put(store, 5, "t", 1, "a9", "other partition");
            put(store, 6, "u", 0, "a0", "other table");
            byte[] prefixA = ItemStore.itemKey("t", 0, b("a"));
            assertEquals(List.of("A1", "A2", "A3"), strings(store.range(prefixA, Optional.empty(), true, 10)));
            assertEquals(List.of("A3", "A2", "A1"), strings(store.range(prefixA, Optional.empty(), false, 10)));
            assertEquals(
                    List.of("A3"),
                    strings(store.range(prefixA, Optional.of(ItemStore.itemKey("t", 0, b("a2"))), true, 10)));
            assertEquals(
                    List.of("A1"),
                    strings(store.range(prefixA, Optional.of(ItemStore.itemKey("t", 0, b("a2"))), false, 10)));
            assertEquals(List.of("A1", "A2"), strings(store.range(prefixA, Optional.empty(), true, 2)));
            assertEquals(
                    List.of("A1", "A2", "A3", "B1"),
                    strings(store.range(ItemStore.partitionPrefix("t", 0), Optional.empty(), true, 10)));
        }
    }

    @Test
    void appliedIndexSequenceAndArchiveLogSurviveReopen() {
        try (ItemStore store = ItemStore.open(dir.resolve("db"))) {
            put(store, 7, "t", 0, "k", "v");
            store.apply(new AppliedEntry(9, 2, ItemStore.itemKey("t", 0, b("k")), Optional.empty(), b("delete")));
        }
        try (ItemStore store = ItemStore.open(dir.resolve("db"))) {
            assertEquals(9, store.appliedIndex());
            assertEquals(2, store.lastSequence());
            assertTrue(store.get(ItemStore.itemKey("t", 0, b("k"))).isEmpty(), "the delete applied");
            assertEquals(
                    List.of(7L, 2L),
                    store.archiveRecords(0, 10).stream()
                            .map(SequencedRecord::sequence)
                            .sorted((x, y) -> Long.compare(y, x))
                            .toList());
        }
    }

    @Test
    void verifyChecksumsFindsBytesFlippedInAnSstFile() throws IOException {
        try (ItemStore store = ItemStore.open(dir.resolve("db"))) {
            for (int i = 0; i < 50; i++) {
                put(store, i + 1, "t", 0, "key-" + i, "value-" + i);
            }
            store.flush();
            assertDoesNotThrow(store::verifyChecksums);
        }
        try (Stream<Path> files = Files.list(dir.resolve("db"))) {
            for (Path sst : files.filter(p -> p.toString().endsWith(".sst")).toList()) {
                byte[] bytes = Files.readAllBytes(sst);
                bytes[20] = (byte) ~bytes[20];
                Files.write(sst, bytes);
            }
        }
        try (ItemStore store = ItemStore.open(dir.resolve("db"))) {
            StorageException e = assertThrows(StorageException.class, store::verifyChecksums);
            assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        }
    }
}
