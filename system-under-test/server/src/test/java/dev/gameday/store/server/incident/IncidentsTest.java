package dev.gameday.store.server.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.store.api.incident.Incident;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentsTest {
    @TempDir
    Path dir;

    /** A node powered off after a detection still reports it, and its repair, when it starts again. */
    @Test
    void incidentsOutliveARestart() throws Exception {
        Path file = dir.resolve("incidents.json");
        Incidents first = Incidents.keptIn(file);
        assertTrue(first.detected(Incident.RAFT_LOG, "data-2", "n2", "entries after index 602 are unreadable"));
        assertTrue(first.detected(Incident.ITEM_STORE, "data-1", "n2", "RocksDB refused to open"));
        assertEquals(1, first.repaired(Incident.RAFT_LOG, "data-2", "n2"));

        Incidents second = Incidents.keptIn(file);
        assertEquals(first.list(), second.list());
        assertFalse(second.isUnrepaired(Incident.RAFT_LOG, "data-2", "n2"));
        assertTrue(second.isUnrepaired(Incident.ITEM_STORE, "data-1", "n2"));
        // The same corruption seen again after the restart is still one incident.
        assertFalse(second.detected(Incident.ITEM_STORE, "data-1", "n2", "checksum mismatch"));
        assertEquals(2, second.list().size());
        assertFalse(Files.exists(dir.resolve("incidents.json.next")), "no half-written file left");
    }

    @Test
    void aFirstStartHasNone() throws Exception {
        assertTrue(Incidents.keptIn(dir.resolve("incidents.json")).list().isEmpty());
        assertTrue(new Incidents().list().isEmpty());
    }
}
