package dev.gameday.faultfs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A harness killed with SIGKILL leaves its mount behind; the next start's sweep unmounts it. */
class StaleMountSweepTest {

    @TempDir
    Path temp;

    /** The child process: mounts and waits to be killed. */
    public static void main(String[] args) throws Exception {
        FaultFs.mount(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), 1);
        System.out.println("mounted");
        Thread.sleep(Long.MAX_VALUE);
    }

    @Test
    void mountOfAKilledProcessIsSweptAndOnlyThatOne() throws Exception {
        assumeTrue(FaultFs.available(), "skipped: /dev/fuse or libfuse.so.2 (Debian libfuse2) is missing on this host");
        Path backing = Files.createDirectories(temp.resolve("backing"));
        Path mount = temp.resolve("mount");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        StaleMountSweepTest.class.getName(),
                        backing.toString(),
                        mount.toString(),
                        temp.resolve("trash").toString())
                .redirectErrorStream(true)
                .start();
        try (FaultFs mine =
                FaultFs.mount(Files.createDirectories(temp.resolve("b2")), temp.resolve("m2"), temp.resolve("t2"), 1)) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (!FaultFs.isMounted(mount) && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            assertTrue(FaultFs.isMounted(mount), "the child never mounted");
            assertFalse(FaultFs.sweepStale().contains(mount), "swept the mount of a live process");

            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            child.waitFor(10, TimeUnit.SECONDS);
            assertTrue(FaultFs.isMounted(mount), "a SIGKILLed process's mount stays behind");

            assertTrue(FaultFs.sweepStale().contains(mount));
            assertFalse(FaultFs.isMounted(mount));
            assertTrue(FaultFs.isMounted(temp.resolve("m2")), "the sweep took a live process's mount");
        } finally {
            child.destroyForcibly();
            FaultFs.lazyUnmount(mount);
        }
    }
}
