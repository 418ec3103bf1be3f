package dev.gameday.faultfs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequential writes with fsync through the mount against the plain backing directory, side by side.
 * Not part of the suite (the name does not end in Test); run it with
 * {@code mvn -o -B -pl harness/faultfs test -Dtest=FaultFsBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * "cold" writes a new file, "warm" overwrites the same file again (its undo log then saves old bytes).
 */
class FaultFsBenchmark {

    private static final int FILE_BYTES = 64 << 20;

    @TempDir
    Path temp;

    @Test
    void sequentialWritesWithFsync() throws IOException {
        assumeTrue(FaultFs.available(), "skipped: /dev/fuse or libfuse.so.2 (Debian libfuse2) is missing on this host");
        Path plain = Files.createDirectories(temp.resolve("plain"));
        Path backing = Files.createDirectories(temp.resolve("backing"));
        try (FaultFs fs = FaultFs.mount(backing, temp.resolve("mount"), temp.resolve("trash"), 1)) {
            System.out.printf("%-36s %12s %12s %8s%n", "workload", "plain", "faultfs", "ratio");
            for (String phase : new String[] {"cold", "warm"}) {
                row(phase + " 64 KiB writes, fsync per MiB", plain, fs.mountPoint(), 64 << 10, 16, "MB/s");
                row(phase + " 4 KiB writes, fsync each", plain, fs.mountPoint(), 4 << 10, 1, "MB/s");
            }
        }
    }

    private static void row(String name, Path plain, Path mount, int writeBytes, int writesPerSync, String unit)
            throws IOException {
        int total = writesPerSync == 1 ? 8 << 20 : FILE_BYTES;
        double plainRate = run(plain.resolve("bench-" + writeBytes), total, writeBytes, writesPerSync);
        double faultRate = run(mount.resolve("bench-" + writeBytes), total, writeBytes, writesPerSync);
        System.out.printf(
                "%-36s %9.1f %s %9.1f %s %7.0f%%%n",
                name, plainRate, unit, faultRate, unit, 100 * faultRate / plainRate);
    }

    /** Writes {@code total} bytes in {@code writeBytes} pieces from offset 0, fsync every {@code writesPerSync}; MB/s. */
    private static double run(Path file, int total, int writeBytes, int writesPerSync) throws IOException {
        ByteBuffer block = ByteBuffer.allocateDirect(writeBytes);
        long start = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (int written = 0, writes = 0; written < total; written += writeBytes) {
                block.clear();
                channel.write(block, written);
                if (++writes % writesPerSync == 0) {
                    channel.force(false);
                }
            }
            channel.force(false);
        }
        return total / 1e6 / ((System.nanoTime() - start) / 1e9);
    }
}
