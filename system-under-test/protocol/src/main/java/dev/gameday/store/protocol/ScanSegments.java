package dev.gameday.store.protocol;

import dev.gameday.store.api.placement.KeyPlacement;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a parallel Scan's Segment/TotalSegments onto a table's partitions, so router and backend agree.
 *
 * <ul>
 *   <li>TotalSegments &le; partitions: segment s owns every partition p with {@code p % TotalSegments == s}
 *       (whole partitions, no filtering).</li>
 *   <li>TotalSegments &gt; partitions: segment s reads partition {@code s % partitions}; the segments sharing
 *       that partition split its items by an independent hash of the storage key
 *       ({@link #contains} is the filter).</li>
 * </ul>
 * Every item therefore belongs to exactly one segment for any TotalSegments.
 */
public final class ScanSegments {
    private ScanSegments() {}

    /** Partitions segment reads, ascending. */
    public static List<Integer> partitionsOf(int segment, int totalSegments, int partitionCount) {
        validate(segment, totalSegments, partitionCount);
        List<Integer> partitions = new ArrayList<>();
        if (totalSegments <= partitionCount) {
            for (int p = segment; p < partitionCount; p += totalSegments) {
                partitions.add(p);
            }
        } else {
            partitions.add(segment % partitionCount);
        }
        return partitions;
    }

    /** True if the segment must filter the items of its partition with {@link #contains}. */
    public static boolean splitsPartitions(int totalSegments, int partitionCount) {
        return totalSegments > partitionCount;
    }

    /** Whether the item with this key belongs to the segment. */
    public static boolean contains(int segment, int totalSegments, int partitionCount, PrimaryKey key) {
        validate(segment, totalSegments, partitionCount);
        int partition = key.partitionIndex(partitionCount);
        if (!splitsPartitions(totalSegments, partitionCount)) {
            return partition % totalSegments == segment;
        }
        if (partition != segment % partitionCount) {
            return false;
        }
        // Segments partition, partition + P, partition + 2P, ... (below totalSegments) share the partition.
        int sharers = (totalSegments - partition + partitionCount - 1) / partitionCount;
        int subSegment = segment / partitionCount;
        return subSegmentOf(key, sharers) == subSegment;
    }

    /** Salted, so that the sub-split is independent of the partition the key's hash picked. */
    private static int subSegmentOf(PrimaryKey key, int sharers) {
        byte[] storageKey = key.storageKey();
        byte[] salted = new byte[storageKey.length + 1];
        salted[0] = 0x5C;
        System.arraycopy(storageKey, 0, salted, 1, storageKey.length);
        return KeyPlacement.partitionOf(salted, sharers);
    }

    private static void validate(int segment, int totalSegments, int partitionCount) {
        if (totalSegments < 1 || segment < 0 || segment >= totalSegments || partitionCount < 1) {
            throw new IllegalArgumentException(
                    "bad segment " + segment + "/" + totalSegments + " over " + partitionCount + " partitions");
        }
    }
}
