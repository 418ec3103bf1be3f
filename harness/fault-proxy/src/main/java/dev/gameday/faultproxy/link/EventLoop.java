package dev.gameday.faultproxy.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that owns every socket, proxy and toxic stage.
 *
 * <p>Everything on the data path runs here, so none of it needs locks: other threads hand work over
 * with {@link #execute} or {@link #call}. Timed releases (latency, pacing, timeouts) are timers on
 * the same thread, so a slow or stalled connection only ever waits for its own timers.
 */
public final class EventLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    private static final long CALL_TIMEOUT_SECONDS = 30;
    private static final long NO_WAIT = -1;
    /** The most one socket read takes in; also the largest chunk a stage ever sees. */
    private static final int READ_BUFFER_BYTES = 1024 * 1024;

    /** Something registered with the selector that reacts to readiness. */
    public interface Handler {
        void onReady(SelectionKey key);
    }

    private record Timer(long at, long sequence, Runnable action) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long timerSequence;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private volatile boolean running = true;

    public EventLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs the task on the loop thread, soon. Safe from any thread. */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs the task on the loop thread and waits for its result; its exception is rethrown as is. */
    public <T> T call(Callable<T> task) throws Exception {
        if (inLoop()) {
            return task.call();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        });
        try {
            return result.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("the event loop did not answer within " + CALL_TIMEOUT_SECONDS + " s", e);
        }
    }

    /** Runs the action on the loop thread at System.nanoTime() {@code at} or soon after. Loop thread only. */
    public void schedule(long at, Runnable action) {
        timers.add(new Timer(at, timerSequence++, action));
    }

    /** The scratch buffer every socket read goes through before being copied to an exact-size chunk. Loop thread only. */
    ByteBuffer readBuffer() {
        return readBuffer.clear();
    }

    /**
     * Makes the close of channels closed during this turn take effect now. A registered channel
     * only really closes at the selector's next turn, and until then its port cannot be bound again.
     * Loop thread only; not from inside a readiness handler.
     */
    public void completeCloses() throws IOException {
        selector.selectNow();
    }

    /** Registers a channel for the given readiness. Loop thread only. */
    public SelectionKey register(SelectableChannel channel, int ops, Handler handler) throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    private void run() {
        while (running) {
            try {
                long waitMillis = millisToWait();
                if (waitMillis == NO_WAIT) {
                    selector.selectNow();
                } else {
                    selector.select(waitMillis);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    dispatch(key);
                }
                selector.selectedKeys().clear();
                runTasks();
                runDueTimers();
            } catch (IOException | RuntimeException e) {
                // One bad event must not stop every proxy: log it and keep serving.
                log.error("event loop iteration failed", e);
            }
        }
        closeSelector();
    }

    /** How long select may block: {@link #NO_WAIT}, 0 for "until woken", or the millis to the next timer. */
    private long millisToWait() {
        if (!tasks.isEmpty() || !selector.selectedKeys().isEmpty()) {
            return NO_WAIT;
        }
        Timer next = timers.peek();
        if (next == null) {
            return 0;
        }
        long nanos = next.at - System.nanoTime();
        // Rounded up: select's granularity is a millisecond, and waking early would only spin.
        return nanos <= 0 ? NO_WAIT : TimeUnit.NANOSECONDS.toMillis(nanos + 999_999);
    }

    private void dispatch(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        try {
            ((Handler) key.attachment()).onReady(key);
        } catch (RuntimeException e) {
            log.error("handler failed for {}", key.channel(), e);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("loop task failed", e);
            }
        }
    }

    private void runDueTimers() {
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().at <= now) {
            try {
                timers.poll().action.run();
            } catch (RuntimeException e) {
                log.error("timer failed", e);
            }
        }
    }

    private void closeSelector() {
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException e) {
                log.debug("closing {} at shutdown", key.channel(), e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("closing the selector", e);
        }
    }

    /** Stops the loop and closes every channel still registered with it. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(CALL_TIMEOUT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
