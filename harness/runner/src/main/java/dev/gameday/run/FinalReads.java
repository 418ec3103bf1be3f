package dev.gameday.run;

import dev.gameday.canary.HistoryRecorder;
import dev.gameday.canary.ProcessIds;
import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import java.util.List;
import java.util.Map;

/**
 * The final reads every system makes after healing ({@link StoreAccess#finalReadsAndScrub}): a whole-key-space read
 * through each endpoint in turn, recorded as a {@code :final-read} op, until one completes, in at most
 * {@value #ROUNDS} rounds (a healed endpoint may still be catching up). The durability checker judges the first
 * {@code :ok} one; failed attempts stay in the history as what they were.
 */
public final class FinalReads {

    static final int ROUNDS = 3;

    /** One endpoint's whole-key-space read: where it goes and the call that reads. */
    public record Path(String endpoint, String az, HistoryRecorder.Call scan) {}

    private FinalReads() {}

    /** Returns whether one of the reads completed. */
    public static boolean untilOneCompletes(HistoryRecorder recorder, ProcessIds processIds, List<Path> paths) {
        for (int round = 0; round < ROUNDS; round++) {
            for (Path path : paths) {
                Op done = recorder.record(
                        processIds.next(),
                        "final-read",
                        null,
                        null,
                        Map.of("endpoint", path.endpoint(), "az", path.az()),
                        path.scan());
                if (done.type() == OpType.OK) {
                    return true;
                }
            }
        }
        return false;
    }
}
