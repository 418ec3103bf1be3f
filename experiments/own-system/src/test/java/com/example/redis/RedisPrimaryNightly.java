package com.example.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.checker.Verdict;
import dev.gameday.junit.GamedayExperiment;
import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The release gate a team writes for its own system: the experiment file, run once for this class in containers,
 * must pass. Nightly only ({@code -Pnightly}), as an example should not lengthen the project's own gate.
 */
@Tag("docker")
@GamedayExperiment("experiments/redis-primary.yaml")
class RedisPrimaryNightly {

    @Test
    void noAcknowledgedWriteIsLostAndEveryRegisterIsLinearizable(Results results) {
        assertEquals(RunVerdict.PASS, results.verdict(), () -> "reasons: " + results.reasons());
        assertTrue(results.acknowledgedWrites() > 0, "the canaries got writes acknowledged");
        assertTrue(results.lostWrites().isEmpty(), () -> "lost: " + results.lostWrites());
        assertEquals(Verdict.VALID, results.linearizability().verdict());
    }

    /** The healed primary is still up while the class's tests run: the extension hands over the running system. */
    @Test
    void thePrimaryIsBack(RunningRedis redis) {
        assertEquals("az1-redis-1", redis.leaders().get("redis"));
    }
}
