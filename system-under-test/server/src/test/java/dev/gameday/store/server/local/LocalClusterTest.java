package dev.gameday.store.server.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gameday.store.server.StoreMain;
import org.junit.jupiter.api.Test;

class LocalClusterTest {

    /** The cluster names the entry point instead of referencing it; a renamed StoreMain must fail here, not at start. */
    @Test
    void processesRunTheStoreEntryPoint() {
        assertEquals(StoreMain.class.getName(), LocalCluster.STORE_MAIN_CLASS);
    }
}
