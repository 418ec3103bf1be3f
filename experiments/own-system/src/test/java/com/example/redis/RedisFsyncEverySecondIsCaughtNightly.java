package com.example.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gameday.junit.GamedayExperiment;
import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Only a power loss catches this one: Redis answering before its append-only file is synced loses the last second of
 * acknowledged writes when its primary loses power (a SIGKILL keeps them in the page cache).
 */
@Tag("docker")
@GamedayExperiment("experiments/own-system/redis-fsync-everysec.yaml")
class RedisFsyncEverySecondIsCaughtNightly {

    @Test
    void failsWithLostWrites(Results results) {
        assertEquals(RunVerdict.FAIL, results.verdict(), () -> "reasons: " + results.reasons());
        assertFalse(results.lostWrites().isEmpty(), () -> "reasons: " + results.reasons());
    }
}
