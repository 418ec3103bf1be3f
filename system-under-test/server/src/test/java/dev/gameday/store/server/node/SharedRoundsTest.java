package dev.gameday.store.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** {@link SharedRounds}: which round a caller waits for, and how many rounds run. */
class SharedRoundsTest {
    /** Rounds started, in order; the test ends them. */
    private final List<CompletableFuture<String>> started = new ArrayList<>();

    private final SharedRounds<String> rounds = new SharedRounds<>(() -> {
        CompletableFuture<String> round = new CompletableFuture<>();
        started.add(round);
        return round;
    });

    @Test
    void aCallerWithNothingInFlightStartsARoundAtOnce() {
        CompletableFuture<String> caller = rounds.join();
        assertEquals(1, started.size());
        assertFalse(caller.isDone());
        started.get(0).complete("term 3");
        assertEquals("term 3", caller.join());
    }

    @Test
    void callersArrivingDuringARoundShareTheNextOneWhichStartsOnlyAfterIt() {
        CompletableFuture<String> first = rounds.join();
        CompletableFuture<String> second = rounds.join();
        CompletableFuture<String> third = rounds.join();
        assertSame(second, third, "callers that arrive together share a round");
        assertEquals(1, started.size(), "the next round waits for the one in flight");

        started.get(0).complete("a");
        assertEquals("a", first.join());
        assertFalse(second.isDone(), "the first round started before the second caller arrived");
        assertEquals(2, started.size());

        started.get(1).complete("b");
        assertEquals("b", second.join());
        assertEquals(2, started.size(), "nobody is waiting, so no round starts");
    }

    @Test
    void aFailedRoundFailsItsCallersAndTheNextCallersStillGetARound() {
        CompletableFuture<String> first = rounds.join();
        CompletableFuture<String> second = rounds.join();
        started.get(0).completeExceptionally(new IllegalStateException("not the leader"));
        ExecutionException failure = assertThrows(ExecutionException.class, first::get);
        assertEquals("not the leader", failure.getCause().getMessage());
        assertEquals(2, started.size());
        started.get(1).complete("c");
        assertTrue(second.isDone());
        assertEquals("c", second.join());
    }
}
