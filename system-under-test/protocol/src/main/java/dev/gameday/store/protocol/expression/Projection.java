package dev.gameday.store.protocol.expression;

import dev.gameday.store.protocol.Item;
import java.util.List;
import java.util.Map;

/** Applies a ProjectionExpression (or the paths of an update, for UPDATED_OLD/UPDATED_NEW) to an item. */
public final class Projection {
    private Projection() {}

    /** The item reduced to the given paths; missing paths are left out, nested structure is kept. */
    public static Item project(Item item, List<Path> paths) {
        Item result = new Item(Map.of());
        for (Path path : paths) {
            var value = path.get(item);
            if (value.isPresent()) {
                result = Documents.setCreating(result, path, value.get());
            }
        }
        return result;
    }
}
