package dev.gameday.canary;

import dev.gameday.history.OpType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a {@link CanaryOp} at a fixed rate from a few worker threads until {@code maxOps} ops were
 * started, {@code maxDuration} passed, or {@link #stop()} was called, whichever comes first.
 *
 * <p>Ops are spaced {@code 1/rate} apart across all workers. Slots missed while every worker was
 * stuck (a paused node holds calls until their timeout) are skipped, not caught up: a canary that
 * bursts after an outage measures its own burst, not the service.
 */
public final class CanaryLoop {
    private final String name;
    private final Limits limits;
    private final ProcessIds processIds;
    private final CanaryOp op;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong nextDueNanos = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean stopRequested;

    /**
     * @param opsPerSecond target rate across all workers
     * @param maxOps       hard cap on ops started
     * @param maxDuration  hard cap on the time ops are started in
     * @param workers      how many ops may be in flight at once
     */
    public record Limits(double opsPerSecond, long maxOps, Duration maxDuration, int workers) {
        public Limits {
            if (!(opsPerSecond > 0) || maxOps < 0 || maxDuration.isNegative() || workers < 1) {
                throw new IllegalArgumentException("invalid canary limits: rate " + opsPerSecond + ", maxOps " + maxOps
                        + ", maxDuration " + maxDuration + ", workers " + workers);
            }
        }
    }

    /** What the loop did: ops started and completed, how long it ran, and whether it was stopped early. */
    public record Result(long started, long completed, Duration elapsed, boolean stopped) {}

    public CanaryLoop(String name, Limits limits, ProcessIds processIds, CanaryOp op) {
        this.name = name;
        this.limits = limits;
        this.processIds = processIds;
        this.op = op;
    }

    /** Runs until a limit is reached or {@link #stop()}; rethrows the first bug an op threw. */
    public Result run() throws InterruptedException {
        long intervalNanos = Math.max(1, Math.round(1e9 / limits.opsPerSecond()));
        long start = System.nanoTime();
        long deadline = start + limits.maxDuration().toNanos();
        nextDueNanos.set(start);
        synchronized (workers) {
            for (int i = 0; i < limits.workers(); i++) {
                Thread t = new Thread(() -> work(intervalNanos, deadline), "canary-" + name + "-" + i);
                t.setDaemon(true);
                workers.add(t);
            }
            workers.forEach(Thread::start);
        }
        try {
            for (Thread t : workers) {
                t.join();
            }
        } catch (InterruptedException e) {
            stop();
            throw e;
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Result(started.get(), completed.get(), Duration.ofNanos(System.nanoTime() - start), stopRequested);
    }

    /**
     * Runs {@code loops} side by side, a thread each, and returns when every one has ended (its limits reached, its
     * calls in flight completed); when interrupted, or when a loop fails, stops them all. For benchmarks that load
     * several endpoints at once; a loop's failure is not rethrown here.
     */
    public static void runAll(List<CanaryLoop> loops) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (CanaryLoop loop : loops) {
            Thread thread = new Thread(
                    () -> {
                        try {
                            loop.run();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "canary-" + loop.name);
            threads.add(thread);
            thread.start();
        }
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } finally {
            loops.forEach(CanaryLoop::stop);
        }
    }

    /** Starts no more ops; calls in flight complete and are recorded as they end. Safe from any thread. */
    public void finish() {
        stopRequested = true;
    }

    /**
     * Stops starting ops; safe from any thread. Workers are interrupted: one waiting for its slot
     * starts nothing, one in a call sees the interrupt there (the recorder classifies it as info).
     */
    public void stop() {
        stopRequested = true;
        synchronized (workers) {
            workers.forEach(Thread::interrupt);
        }
    }

    private void work(long intervalNanos, long deadline) {
        long process = processIds.next();
        while (!stopRequested) {
            long now = System.nanoTime();
            long due = Math.max(now, nextDueNanos.getAndAccumulate(now, (d, n) -> Math.max(d, n) + intervalNanos));
            if (due - deadline >= 0 || !claimOp()) {
                return;
            }
            if (!sleepUntil(due)) {
                started.decrementAndGet(); // claimed but never started: stopped while waiting
                return;
            }
            try {
                OpType type = op.perform(process);
                completed.incrementAndGet();
                if (type == OpType.INFO) {
                    process = processIds.next();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                stopRequested = true;
                return;
            }
        }
    }

    private boolean claimOp() {
        return started.getAndUpdate(n -> n < limits.maxOps() ? n + 1 : n) < limits.maxOps();
    }

    private boolean sleepUntil(long dueNanos) {
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            if (stopRequested || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(wait);
        }
        return !stopRequested;
    }
}
