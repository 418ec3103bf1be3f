package com.example.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gameday.junit.GamedayExperiment;
import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The gate can fail: Redis without its append-only file loses the writes it acknowledged before a power-off. */
@Tag("docker")
@GamedayExperiment("experiments/own-system/redis-without-aof.yaml")
class RedisWithoutAofIsCaughtNightly {

    @Test
    void failsWithLostWrites(Results results) {
        assertEquals(RunVerdict.FAIL, results.verdict(), () -> "reasons: " + results.reasons());
        assertFalse(results.lostWrites().isEmpty(), () -> "reasons: " + results.reasons());
    }
}
