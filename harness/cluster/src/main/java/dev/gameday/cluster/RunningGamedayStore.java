package dev.gameday.cluster;

import dev.gameday.system.RunningSystem;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Gameday store booted for a run: its containers (for tests that look at what a report cannot show, e.g. a
 * node's clock), the nemesis's view of them and the store's DynamoDB API.
 */
public record RunningGamedayStore(StoreCluster containers, ContainerCluster cluster, DynamoStoreAccess access)
        implements RunningSystem {

    @Override
    public Map<String, String> leaders() {
        return containers.leaders();
    }

    @Override
    public Path dataRoot() {
        return containers.dataRoot();
    }

    @Override
    public void close() {
        // The clients first, then every container (also when closing the clients fails).
        try (containers) {
            access.close();
        }
    }
}
