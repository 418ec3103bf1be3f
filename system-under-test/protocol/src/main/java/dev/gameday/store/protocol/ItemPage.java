package dev.gameday.store.protocol;

import java.util.List;
import java.util.Optional;

/**
 * One page of items from the backend.
 *
 * @param lastEvaluatedKey present if more items may follow; pass it back as exclusiveStartKey
 * @param scannedCount items the backend looked at (equals items.size() for the backend's own pages)
 */
public record ItemPage(List<Item> items, Optional<PrimaryKey> lastEvaluatedKey, int scannedCount) {
    public ItemPage {
        items = List.copyOf(items);
    }
}
