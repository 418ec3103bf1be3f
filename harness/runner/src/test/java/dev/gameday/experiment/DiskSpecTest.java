package dev.gameday.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiskSpecTest {
    @Test
    void nemesisLogTextReadsAsTheFileWasWritten() {
        DiskSpec slow = new DiskSpec(
                DiskSpec.Kind.SLOW,
                DiskSpec.Files.RAFT_LOG,
                List.of(DiskSpec.Op.FSYNC),
                Duration.ofMillis(200),
                Duration.ofMillis(100),
                null,
                null);
        assertEquals("slow raft-log [fsync] +0.2s ±0.1s", slow.toString());
        assertEquals(
                "full after 512KB", new DiskSpec(DiskSpec.Kind.FULL, null, null, null, null, null, "512KB").toString());
    }
}
