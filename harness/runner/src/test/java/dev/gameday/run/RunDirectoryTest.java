package dev.gameday.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    @TempDir
    Path root;

    @Test
    void createsTimestampedRunsAndMovesLatest() throws Exception {
        Instant t = Instant.parse("2026-11-27T03:27:40Z");
        RunDirectory first = RunDirectory.create(root, "az-power-off", t);
        assertEquals(root.resolve("az-power-off/20261127T032740Z"), first.dir());
        Files.writeString(first.results(), "{}");
        Path latest = root.resolve("az-power-off/latest");
        assertTrue(Files.isSymbolicLink(latest));
        assertEquals(Path.of("20261127T032740Z"), Files.readSymbolicLink(latest), "relative: the tree can be moved");
        assertEquals("{}", Files.readString(latest.resolve("results.json")));

        RunDirectory sameSecond = RunDirectory.create(root, "az-power-off", t);
        assertEquals(root.resolve("az-power-off/20261127T032740Z-2"), sameSecond.dir());
        RunDirectory later = RunDirectory.create(root, "az-power-off", t.plusSeconds(60));
        assertEquals(later.dir().toRealPath(), latest.toRealPath());
        assertTrue(Files.isDirectory(first.dir()), "earlier runs are kept");
        try (var entries = Files.list(root.resolve("az-power-off"))) {
            assertFalse(entries.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary link left");
        }
    }

    @Test
    void namesTheFilesOfARun() throws Exception {
        RunDirectory run = RunDirectory.create(root, "x", Instant.EPOCH);
        assertEquals(run.dir().resolve("history.edn"), run.history());
        assertEquals(run.dir().resolve("nemesis.log"), run.nemesisLog());
        assertEquals(run.dir().resolve("az1-storage-1.log"), run.containerLog("az1-storage-1"));
        assertThrows(IllegalArgumentException.class, () -> run.containerLog("../escape"));
    }
}
