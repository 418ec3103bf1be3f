package dev.gameday.faultfs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gameday.faultfs.FaultRules.Op;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real mount in a temp directory: what power loss drops, and what each fault rule does. */
class FaultFsTest {

    @TempDir
    Path temp;

    Path backing;
    Path mount;
    FaultFs fs;

    @BeforeEach
    void mount() throws IOException {
        assumeTrue(FaultFs.available(), "skipped: /dev/fuse or libfuse.so.2 (Debian libfuse2) is missing on this host");
        backing = Files.createDirectories(temp.resolve("backing"));
        mount = temp.resolve("mount");
        fs = FaultFs.mount(backing, mount, temp.resolve("trash"), 42);
    }

    @AfterEach
    void unmount() {
        if (fs != null) {
            fs.close();
            assertFalse(FaultFs.isMounted(mount), "still mounted after close");
        }
    }

    /**
     * A burst of slow fsyncs from many writers must not start threads in the JVM serving the mount: libfuse 2's own
     * multithreaded loop started a native thread (attached to the JVM on its first call) whenever all of its threads
     * were busy and ended it once ten were idle, 500-1000 a second in a power-loss run, until the whole cluster
     * stalled. The writers here are threads of their own, so they are counted and left out.
     */
    @Test
    void aBurstOfSlowFsyncsStartsNoThreadsInTheServingJvm() throws Exception {
        fs.rules().addLatency(Op.FSYNC, "/**", Duration.ofMillis(20), Duration.ZERO);
        int writers = 3 * FuseSession.THREADS;
        int rounds = 10;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long startedBefore = threads.getTotalStartedThreadCount();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Path file = mount.resolve("f" + w);
                done.add(pool.submit(() -> {
                    try (FileChannel channel =
                            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                        for (int r = 0; r < rounds; r++) {
                            channel.write(ByteBuffer.wrap(("round " + r + "\n").getBytes(UTF_8)));
                            channel.force(false);
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long started = threads.getTotalStartedThreadCount() - startedBefore - writers;
        assertEquals(0, started, "threads started while serving " + writers * rounds + " slow fsyncs");
        assertEquals(rounds * "round 0\n".length(), Files.size(mount.resolve("f0")));
    }

    /**
     * An fsync in flight when its process is killed (slowed by a rule, as on a busy disk) does not make the write
     * durable: the power went while the disk was flushing. Without the check it completed after the SIGKILL, and a
     * store that acknowledges before its fsync returns lost nothing in a power loss. The writer is a real process
     * (python3), killed with SIGKILL during its fsync, as the harness kills a storage node.
     */
    @Test
    void anFsyncInFlightWhenItsProcessIsKilledDoesNotMakeTheWriteDurable() throws Exception {
        Path file = mount.resolve("log");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.force(false); // the empty file is durable
        }
        fs.rules().addLatency(Op.FSYNC, "/log", Duration.ofMillis(2000), Duration.ZERO);
        String writer = "import os, sys\n"
                + "fd = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND)\n"
                + "os.write(fd, b'acknowledged before its fsync')\n"
                + "print('syncing', flush=True)\n"
                + "os.fsync(fd)\n";
        Process process = new ProcessBuilder("python3", "-c", writer, file.toString()).start();
        try (java.io.BufferedReader out =
                new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), UTF_8))) {
            assertEquals("syncing", out.readLine());
            Thread.sleep(300); // inside the fsync's delay now
            process.destroyForcibly(); // SIGKILL
            assertTrue(process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "the writer died");
        }
        PowerLossReport lost = fs.powerLoss(1, false);
        assertEquals(0, Files.size(backing.resolve("log")), lost.lines().toString());
    }

    /**
     * From the cut on, the disk answers nothing that would change or sync it: the writer's next write waits until
     * the writer is killed (however long that takes, as when Docker kills several nodes one after another), and the
     * power loss keeps exactly what was durable at the cut. Before the cut existed, the write and its sync went
     * through between the harness's decision and the kill.
     */
    @Test
    void fromTheCutOnNothingReachesTheDiskAndTheWriterDiesWhenKilled() throws Exception {
        Process writer = cutAfterTheFirstSyncOf(mount.resolve("log")).process();
        try {
            assertFalse(writer.waitFor(500, TimeUnit.MILLISECONDS), "the writer went on after the cut");
        } finally {
            writer.destroyForcibly(); // SIGKILL, long after the cut
        }
        assertTrue(writer.waitFor(10, TimeUnit.SECONDS), "the killed writer died");
        fs.powerLoss(1, false);
        assertEquals("durable;", Files.readString(backing.resolve("log"), UTF_8));
    }

    /** A power-off called off after the cut: the held requests go on and count as if nothing had happened. */
    @Test
    void restoringThePowerLetsTheHeldRequestsGoOn() throws Exception {
        Writer writer = cutAfterTheFirstSyncOf(mount.resolve("log"));
        try {
            assertFalse(writer.process().waitFor(300, TimeUnit.MILLISECONDS), "held while cut");
            fs.restorePower();
            assertEquals("done", writer.out().readLine());
            assertTrue(writer.process().waitFor(10, TimeUnit.SECONDS), "the writer ended");
        } finally {
            writer.process().destroyForcibly();
        }
        fs.powerLoss(1, false);
        assertEquals("durable;after the cut;", Files.readString(backing.resolve("log"), UTF_8));
    }

    /** A writer process and its output. */
    private record Writer(Process process, BufferedReader out) {}

    /**
     * Starts a writer that appends and syncs once, then, told to, appends and syncs again; cuts the power after its
     * first sync and tells it to go on.
     */
    private Writer cutAfterTheFirstSyncOf(Path file) throws IOException {
        String script = "import os, sys\n"
                + "fd = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND | os.O_CREAT)\n"
                + "os.write(fd, b'durable;')\n"
                + "os.fsync(fd)\n"
                + "print('synced', flush=True)\n"
                + "sys.stdin.readline()\n"
                + "os.write(fd, b'after the cut;')\n"
                + "os.fsync(fd)\n"
                + "print('done', flush=True)\n";
        Process process = new ProcessBuilder("python3", "-c", script, file.toString()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
        assertEquals("synced", out.readLine());
        fs.cutPower();
        process.getOutputStream().write("go\n".getBytes(UTF_8));
        process.getOutputStream().flush();
        return new Writer(process, out);
    }

    @Test
    void powerLossDropsExactlyTheUnsyncedBytes() throws IOException {
        Path file = mount.resolve("log");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("durable-".getBytes(UTF_8)));
            channel.force(false);
            syncDir(mount);
            channel.write(ByteBuffer.wrap("lost".getBytes(UTF_8)));
            channel.write(ByteBuffer.wrap("XX".getBytes(UTF_8)), 0); // overwrites durable bytes
        }
        assertEquals("XXrable-lost", Files.readString(file));

        PowerLossReport report = fs.powerLoss(1, false);

        assertEquals("durable-", Files.readString(file));
        assertEquals(
                "durable-", Files.readString(backing.resolve("log")), "the backing directory holds what a disk would");
        assertEquals(6, report.unsyncedBytes());
        assertEquals("/log", report.files().get(0).path());
    }

    @Test
    void truncateOfDurableBytesIsUndone() throws IOException {
        Path file = mount.resolve("data");
        writeSynced(file, "0123456789");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(3);
        }
        assertEquals("012", Files.readString(file));
        fs.powerLoss(1, false);
        assertEquals("0123456789", Files.readString(file));
    }

    @Test
    void entryChangesWithoutDirectoryFsyncAreReverted() throws IOException {
        writeSynced(mount.resolve("kept"), "kept");
        writeSynced(mount.resolve("old-name"), "renamed");
        writeSynced(mount.resolve("replaced"), "replaced-before");
        writeSynced(mount.resolve("gone"), "unlinked");
        Files.createDirectory(mount.resolve("dir"));
        syncDir(mount);
        // not synced: a new file (content unsynced too), a rename over an existing name, an unlink, a mkdir
        Files.writeString(mount.resolve("new"), "new");
        Files.move(mount.resolve("old-name"), mount.resolve("replaced"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.delete(mount.resolve("gone"));
        Files.createDirectory(mount.resolve("dir/sub"));

        PowerLossReport report = fs.powerLoss(1, false);

        assertFalse(Files.exists(mount.resolve("new")));
        assertEquals("renamed", Files.readString(mount.resolve("old-name")));
        assertEquals("replaced-before", Files.readString(mount.resolve("replaced")));
        assertEquals("unlinked", Files.readString(mount.resolve("gone")));
        assertFalse(Files.exists(mount.resolve("dir/sub")));
        assertEquals("kept", Files.readString(mount.resolve("kept")));
        assertEquals(4, report.revertedEntries().size(), report.lines().toString());
    }

    @Test
    void syncedDirectoryKeepsItsEntriesAndFsyncKeepsANewFile() throws IOException {
        writeSynced(mount.resolve("a"), "a"); // fsync of a new file keeps its entry (as on ext4)
        Files.writeString(mount.resolve("b"), "b");
        Files.move(mount.resolve("b"), mount.resolve("c"));
        syncDir(mount);
        fs.powerLoss(1, false);
        assertEquals("a", Files.readString(mount.resolve("a")));
        assertTrue(Files.exists(mount.resolve("c")), "renamed entry survives a synced directory");
        assertEquals("", Files.readString(mount.resolve("c")), "its unsynced contents do not");
    }

    @Test
    void tornWriteKeepsASeededPrefixOfTheLastWriteEndingAtASector() throws IOException {
        Path file = mount.resolve("torn");
        writeSynced(file, "");
        byte[] last = "abcdefghijklmnopqrstuvwxyz".repeat(200).getBytes(UTF_8); // 5,200 bytes, 11 sectors
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(last));
        }
        PowerLossReport report = fs.powerLoss(7, true);
        String after = Files.readString(file);
        long kept = report.files().get(0).tornBytesKept();
        assertTrue(kept > 0 && kept < last.length, "kept " + kept);
        assertEquals(0, kept % 512, "a torn write ends at a sector boundary: kept " + kept);
        assertEquals(new String(last, 0, (int) kept, UTF_8), after);
    }

    @Test
    void aPowerLossLeavesNoHoleInAnAppendedFile() throws IOException {
        Path file = mount.resolve("appended");
        writeSynced(file, "durable;");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int i = 0; i < 4; i++) {
                channel.write(ByteBuffer.wrap("x".repeat(2000).getBytes(UTF_8)));
            }
        }
        for (long seed = 1; seed <= 20; seed++) {
            fs.powerLoss(seed, true);
            assertEquals("durable;", Files.readString(file), "seed " + seed + ": the appends are gone, no zeros");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                for (int i = 0; i < 4; i++) {
                    channel.write(ByteBuffer.wrap("x".repeat(2000).getBytes(UTF_8)));
                }
            }
        }
    }

    @Test
    void aTornWriteKeepsWholeSectorsOnlyAndNothingOfAWriteInsideOne() {
        Random seeds = new Random(1);
        for (int i = 0; i < 1000; i++) {
            long offset = seeds.nextInt(100_000);
            int length = 2 + seeds.nextInt(5_000);
            int kept = Durability.tornPrefix(offset, length, new Random(i));
            assertTrue(kept >= 0 && kept < length, "kept " + kept + " of " + length);
            assertTrue(kept == 0 || (offset + kept) % 512 == 0, "ends at a sector: " + offset + " + " + kept);
        }
        assertEquals(0, Durability.tornPrefix(100, 300, new Random(3)), "a write inside one sector is whole or gone");
    }

    @Test
    void latencyRuleSlowsMatchingWritesOnly() throws IOException {
        String id = fs.rules().addLatency(Op.WRITE, "/slow*", Duration.ofMillis(200), Duration.ofMillis(10));
        // A delayed write cannot be faster than the rule's 200 ms, so the floor holds on the one write. An
        // unmatched write goes through the FUSE daemon's threads, which a loaded 2-core machine can deschedule
        // for 100 ms and more (CI): the best of three unmatched writes must be fast; a rule that delays every
        // write makes all three take 200 ms.
        long fast = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            Files.writeString(mount.resolve("fast-" + i), "x");
            fast = Math.min(fast, System.nanoTime() - start);
        }
        long start = System.nanoTime();
        Files.writeString(mount.resolve("slow-file"), "x");
        long slow = System.nanoTime() - start;
        assertTrue(slow >= 200_000_000L, "slow write took " + slow / 1_000_000 + "ms");
        assertTrue(fast < 150_000_000L, "the fastest of three unmatched writes took " + fast / 1_000_000 + "ms");
        assertTrue(fs.rules().clear(id));
    }

    @Test
    void errorRuleFailsReadsWithEio() throws IOException {
        Files.writeString(mount.resolve("bad"), "x");
        String id = fs.rules().addErrors(Op.READ, "/bad", 1.0);
        IOException e = assertThrows(IOException.class, () -> Files.readString(mount.resolve("bad")));
        assertTrue(String.valueOf(e.getMessage()).contains("Input/output error"), e.toString());
        fs.rules().clear(id);
        assertEquals("x", Files.readString(mount.resolve("bad")));
    }

    @Test
    void fsyncGateFailsOnceAndLosesWhatItFailedToSync() throws IOException {
        Path file = mount.resolve("wal");
        writeSynced(file, "");
        fs.rules().failNextFsync("/wal");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("first".getBytes(UTF_8)));
            assertThrows(IOException.class, () -> channel.force(false));
            channel.write(ByteBuffer.wrap("second".getBytes(UTF_8)));
            channel.force(false); // "succeeds"
        }
        PowerLossReport report = fs.powerLoss(1, false);
        assertEquals(5, report.unsyncedBytes());
        // "first" is gone (zeros where it was: the size is durable, the bytes are not), "second" is kept
        byte[] after = Files.readAllBytes(file);
        assertArrayEquals(new byte[5], java.util.Arrays.copyOf(after, 5));
        assertEquals("second", new String(after, 5, 6, UTF_8));
    }

    @Test
    void diskFullAfterNBytesUntilHealed() throws IOException {
        fs.rules().diskFullAfter(10);
        Files.writeString(mount.resolve("a"), "0123456789");
        IOException e = assertThrows(IOException.class, () -> Files.writeString(mount.resolve("b"), "more"));
        assertTrue(String.valueOf(e.getMessage()).contains("No space left"), e.toString());
        fs.rules().clearDiskFull();
        Files.writeString(mount.resolve("b"), "more");
    }

    @Test
    void ratisLockFileAndDirectoryListingWork() throws IOException {
        Files.createDirectories(mount.resolve("ratis/group"));
        try (java.io.RandomAccessFile lockFile = new java.io.RandomAccessFile(
                mount.resolve("ratis/group/in_use.lock").toFile(), "rws")) {
            assertTrue(lockFile.getChannel().tryLock() != null);
        }
        try (var listing = Files.list(mount)) {
            assertEquals(java.util.List.of(mount.resolve("ratis")), listing.toList());
        }
    }

    /**
     * Ratis' log segment roll: the closed segment is renamed without a sync of its directory, then the next segment
     * is created and fsynced. On a journaling filesystem that fsync commits the rename too; under POSIX's minimum
     * the rename is lost and two open segments come back (Ratis 3.2.0 then refuses to start: "openSegment is
     * expected to be null").
     */
    @Test
    void aJournalCommitsEarlierRenamesWithTheNextFsyncPosixAloneDoesNot() throws IOException {
        assertEquals(java.util.List.of("log_0-9", "log_inprogress_10"), rollASegmentThenPowerLoss(fs, mount));

        fs.close();
        Path strictMount = temp.resolve("strict-mount");
        fs = FaultFs.mount(
                Files.createDirectories(temp.resolve("strict-backing")),
                strictMount,
                temp.resolve("strict-trash"),
                42,
                DirectoryEntries.DIRECTORY_SYNC);
        mount = strictMount;
        assertEquals(java.util.List.of("log_inprogress_0", "log_inprogress_10"), rollASegmentThenPowerLoss(fs, mount));
    }

    @Test
    void aJournalStillLosesEntryChangesMadeAfterTheLastFsync() throws IOException {
        writeSynced(mount.resolve("a"), "a");
        Files.move(mount.resolve("a"), mount.resolve("b"));
        writeSynced(mount.resolve("other"), "other"); // commits the rename a -> b
        Files.move(mount.resolve("b"), mount.resolve("c")); // nothing synced after it
        Files.createDirectory(mount.resolve("d"));

        fs.powerLoss(1, false);

        assertEquals("a", Files.readString(mount.resolve("b")));
        assertFalse(Files.exists(mount.resolve("c")));
        assertFalse(Files.exists(mount.resolve("d")));
    }

    /** Writes and fsyncs segment 0, renames it closed, writes and fsyncs segment 10; returns the names after a power loss. */
    private static java.util.List<String> rollASegmentThenPowerLoss(FaultFs fs, Path mount) throws IOException {
        Path dir = Files.createDirectories(mount.resolve("current"));
        syncDir(mount);
        syncDir(dir);
        writeSynced(dir.resolve("log_inprogress_0"), "entries 0-9");
        Files.move(
                dir.resolve("log_inprogress_0"), dir.resolve("log_0-9"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        writeSynced(dir.resolve("log_inprogress_10"), "entry 10");
        fs.powerLoss(1, false);
        try (var listing = Files.list(dir)) {
            return listing.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private static void writeSynced(Path file, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(text.getBytes(UTF_8)));
            channel.force(true);
        }
    }

    static void syncDir(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
