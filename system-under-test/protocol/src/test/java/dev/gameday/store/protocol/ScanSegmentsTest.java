package dev.gameday.store.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScanSegmentsTest {
    @Test
    void everyKeyBelongsToExactlyOneSegmentAndItsPartitionIsRead() {
        for (int partitions : List.of(1, 3, 4, 8)) {
            for (int total : List.of(1, 2, 3, 4, 5, 8, 13, 32)) {
                int[] perSegment = new int[total];
                for (int i = 0; i < 500; i++) {
                    PrimaryKey key = PrimaryKey.of(new KeyElement("id", AttributeValue.N.of(i)));
                    int owners = 0;
                    for (int segment = 0; segment < total; segment++) {
                        if (ScanSegments.contains(segment, total, partitions, key)) {
                            owners++;
                            perSegment[segment]++;
                            assertTrue(
                                    ScanSegments.partitionsOf(segment, total, partitions)
                                            .contains(key.partitionIndex(partitions)),
                                    "segment reads the key's partition");
                        }
                    }
                    assertEquals(
                            1, owners, "key " + i + " with " + total + " segments over " + partitions + " partitions");
                }
                if (total <= partitions * 2) {
                    for (int count : perSegment) {
                        assertTrue(count > 0, "no empty segment for " + total + "/" + partitions);
                    }
                }
            }
        }
    }

    @Test
    void segmentsOwnWholePartitionsWhenTheyAreFewer() {
        assertEquals(List.of(0, 3), ScanSegments.partitionsOf(0, 3, 4));
        assertEquals(List.of(1), ScanSegments.partitionsOf(1, 3, 4));
        assertEquals(List.of(1), ScanSegments.partitionsOf(5, 8, 4), "segment 5 of 8 shares partition 1");
    }
}
