package dev.gameday.canary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WriteHoldTest {
    private static final RegisterKeys KEYS = RegisterKeys.plain(2);

    @Test
    void aHoldWaitsForTheDecisionInProgressSoNoWriteIsRecordedAfterIt() throws Exception {
        WriteHold hold = new WriteHold();
        CountDownLatch deciding = new CountDownLatch(1);
        CountDownLatch recordInvocation = new CountDownLatch(1);
        CompletableFuture<Command> decided = CompletableFuture.supplyAsync(() -> hold.deciding(() -> {
            Command drawn = hold.apply(new Command("write", "r0", 1L, 10), KEYS);
            deciding.countDown();
            await(recordInvocation); // the canary would record the write's invocation here
            return drawn;
        }));
        assertTrue(deciding.await(5, TimeUnit.SECONDS));

        CompletableFuture<Void> held = CompletableFuture.runAsync(hold::hold);
        Thread.sleep(200);
        assertFalse(held.isDone(), "the hold began while a write was being decided");
        recordInvocation.countDown();
        held.get(5, TimeUnit.SECONDS);
        assertEquals("write", decided.get(5, TimeUnit.SECONDS).f(), "decided before the hold, sent as drawn");

        assertEquals(
                new Command("read", "r1", null, 0),
                hold.deciding(() -> hold.apply(new Command("write", "r1", 2L, 10), KEYS)),
                "decided after the hold began: a read");
        hold.release();
        assertEquals(
                "write", hold.apply(new Command("write", "r1", 3L, 10), KEYS).f());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
