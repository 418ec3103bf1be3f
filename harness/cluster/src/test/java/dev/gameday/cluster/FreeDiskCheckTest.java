package dev.gameday.cluster;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run refuses to start on a disk without room, naming the directory, and creates nothing there. */
class FreeDiskCheckTest {

    @TempDir
    Path tmp;

    @Test
    void aDiskWithoutRoomIsAnEnvironmentErrorThatNamesTheDirectory() {
        Path output = tmp.resolve("not-yet").resolve("gameday");
        long moreThanAnyDisk = Long.MAX_VALUE;
        EnvironmentException e =
                assertThrows(EnvironmentException.class, () -> ContainerRun.requireFreeDisk(output, moreThanAnyDisk));
        assertTrue(e.getMessage().contains("MB free on the disk of " + output), e.getMessage());
        assertTrue(Files.notExists(output.getParent()), "nothing was created");
    }

    @Test
    void aDiskWithRoomPasses() {
        assertDoesNotThrow(() -> ContainerRun.requireFreeDisk(tmp.resolve("a").resolve("b"), 1L << 20));
    }
}
