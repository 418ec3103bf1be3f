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
 * The slicer's pieces and pacing, driven by a made-up clock: exact, whatever the machine's load.
 * ToxicBehaviourTest shows the same toxic on real sockets, where a stalled reader may see pieces merged.
 */
class SlicerStageTest {
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
        Recorder out = new Recorder();
        stage.accept(Chunk.data(ByteBuffer.wrap(payload)), 0);
        long wake = stage.advance(0, out);
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
}
