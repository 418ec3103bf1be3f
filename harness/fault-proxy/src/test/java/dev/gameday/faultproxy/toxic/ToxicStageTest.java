package dev.gameday.faultproxy.toxic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.faultproxy.link.Chunk;
import dev.gameday.faultproxy.link.Outlet;
import dev.gameday.faultproxy.link.Stage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The timing toxics' stages (slicer, latency with jitter, bandwidth) driven by a made-up clock: their
 * pieces, delays and pacing are checked exactly, whatever the machine's load. ToxicBehaviourTest shows
 * the same toxics on real sockets, where a descheduled thread (100 ms and more on CI's loaded 2-core
 * machines) makes a sample late or merges pieces, so there only floors are exact.
 */
class ToxicStageTest {
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    /** Collects what the stage releases, with the clock reading of each release. */
    private static final class Recorder implements Outlet {
        final List<Integer> sizes = new ArrayList<>();
        final List<Long> releasedAt = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long now;

        @Override
        public void emit(Chunk chunk) {
            sizes.add(chunk.size());
            releasedAt.add(now);
            ByteBuffer data = chunk.data().duplicate();
            byte[] piece = new byte[data.remaining()];
            data.get(piece);
            bytes.writeBytes(piece);
        }

        @Override
        public void discard(Chunk chunk) {
            throw new AssertionError("a slicer drops nothing");
        }

        @Override
        public void reset() {
            throw new AssertionError("a slicer resets nothing");
        }
    }

    /** Feeds {@code payload} at time 0 and calls the stage whenever it asks to be woken, as the event loop does. */
    private static Recorder slice(Stage stage, byte[] payload) {
        return drive(stage, payload, 0);
    }

    /** Feeds {@code payload} at {@code at} and calls the stage whenever it asks to be woken, as the event loop does. */
    private static Recorder drive(Stage stage, byte[] payload, long at) {
        Recorder out = new Recorder();
        out.now = at;
        stage.accept(Chunk.data(ByteBuffer.wrap(payload)), at);
        long wake = stage.advance(at, out);
        while (wake != Stage.NEVER) {
            // A call just before the wake-up time releases nothing: the delay is a floor.
            int released = out.sizes.size();
            out.now = wake - 1;
            assertEquals(wake, stage.advance(out.now, out), "an early call moved the wake-up");
            assertEquals(released, out.sizes.size(), "released before its delay");
            out.now = wake;
            wake = stage.advance(wake, out);
        }
        return out;
    }

    @Test
    void piecesOfTheAverageSizeOneDelayApart() {
        byte[] payload = new byte[1000];
        ThreadLocalRandom.current().nextBytes(payload);
        Recorder out = slice(new SlicerStage(100, 0, 50_000), payload);

        assertEquals(List.of(100, 100, 100, 100, 100, 100, 100, 100, 100, 100), out.sizes);
        assertArrayEquals(payload, out.bytes.toByteArray());
        for (int i = 0; i < out.releasedAt.size(); i++) {
            assertEquals(i * 50 * MILLI, out.releasedAt.get(i), "piece " + i + " released at " + out.releasedAt);
        }
    }

    @Test
    void variationKeepsPiecesWithinBoundsAndVaries() {
        byte[] payload = new byte[20_000];
        ThreadLocalRandom.current().nextBytes(payload);
        Recorder out = slice(new SlicerStage(100, 50, 20_000), payload);

        assertArrayEquals(payload, out.bytes.toByteArray());
        List<Integer> whole = out.sizes.subList(0, out.sizes.size() - 1); // the last piece is what was left
        assertTrue(whole.stream().allMatch(size -> size >= 50 && size <= 150), "pieces: " + out.sizes);
        Set<Integer> distinct = whole.stream().collect(Collectors.toSet());
        // 20 000 bytes make about 200 pieces; with 101 possible sizes, fewer than 10 distinct means no variation.
        assertTrue(distinct.size() >= 10, "pieces hardly vary: " + distinct);
        for (int i = 1; i < out.releasedAt.size(); i++) {
            assertEquals(20 * MILLI, out.releasedAt.get(i) - out.releasedAt.get(i - 1), "gap before piece " + i);
        }
    }

    @Test
    void jitterSpreadsDelaysUniformlyWithinLatencyPlusOrMinusJitter() {
        List<Long> delays = new ArrayList<>();
        // Made from the API's attributes, as the proxy makes it, so the jitter attribute is seen arriving.
        Stage stage = ToxicType.LATENCY.newStage(java.util.Map.of("latency", 100L, "jitter", 40L), 0);
        for (int i = 0; i < 400; i++) {
            long at = i * 1000 * MILLI; // one chunk at a time, so each one's own delay is seen
            Recorder out = drive(stage, new byte[] {(byte) i}, at);
            delays.add((out.releasedAt.get(0) - at) / MILLI);
        }
        long min = delays.stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = delays.stream().mapToLong(Long::longValue).max().orElseThrow();
        double mean = delays.stream().mapToLong(Long::longValue).average().orElseThrow();
        assertTrue(min >= 60 && max <= 140, "delays outside 100 ± 40 ms: " + min + ".." + max);
        // Uniform over 80 ms: 400 draws reach within 10 ms of both ends, and their mean has a standard
        // error of 1.2 ms; 100 ± 10 is a bar that only a skewed or one-sided jitter misses.
        assertTrue(min <= 70 && max >= 130, "jitter does not use its range: " + min + ".." + max);
        assertTrue(Math.abs(mean - 100) <= 10, "jitter is one-sided: mean delay " + mean);
    }

    @Test
    void latencyWithoutJitterDelaysEveryChunkExactly() {
        LatencyStage stage = new LatencyStage(100, 0);
        for (int i = 0; i < 5; i++) {
            long at = i * 1000 * MILLI;
            assertEquals(List.of(at + 100 * MILLI), drive(stage, new byte[] {1}, at).releasedAt);
        }
    }

    @Test
    void bandwidthReleases480KilobytesOver480MillisecondsInTenMillisecondPieces() {
        byte[] payload = new byte[480_000];
        ThreadLocalRandom.current().nextBytes(payload);
        Recorder out = drive(new BandwidthStage(1000), payload, 0);

        assertArrayEquals(payload, out.bytes.toByteArray());
        assertEquals(48, out.sizes.size(), "pieces: " + out.sizes);
        assertTrue(out.sizes.stream().allMatch(size -> size == 10_000), "pieces: " + out.sizes);
        for (int i = 0; i < out.releasedAt.size(); i++) {
            assertEquals((i + 1) * 10 * MILLI, out.releasedAt.get(i), "piece " + i);
        }
    }
}
