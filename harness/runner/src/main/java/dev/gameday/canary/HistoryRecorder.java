package dev.gameday.canary;

import dev.gameday.history.HistoryWriter;
import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import dev.gameday.metrics.RunListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Turns client calls into the run's history: every call becomes an invocation and a completion,
 * with consecutive indexes and monotonic times (nanoseconds since the recorder was created). Each op
 * goes to the {@link HistoryWriter} and then to the listeners (live availability, stop conditions)
 * under one lock, so the file, the indexes and what listeners see are in the same order. A {@link RunListener}
 * (the live metrics) hears of each recorded call after it completes, outside that lock.
 *
 * <p>Extra keys: invocations carry what the caller passes (by convention {@code az}, {@code endpoint},
 * {@code node}); completions add {@code latency-ms} and, for failures, {@code error}.
 */
public final class HistoryRecorder {
    private final HistoryWriter writer;
    private final LongSupplier nanoClock;
    private final long originNanos;
    private final List<Consumer<Op>> listeners;
    private final RunListener runListener;
    private long nextIndex;

    /** A client call whose outcome decides the completion; throwing means the call failed. */
    @FunctionalInterface
    public interface Call {
        /** Returns the completion's value (e.g. the value read); null when there is none. */
        Object run() throws Exception;
    }

    public HistoryRecorder(HistoryWriter writer, List<Consumer<Op>> listeners) {
        this(writer, listeners, RunListener.NONE);
    }

    /** @param runListener hears of every call {@link #record} records */
    public HistoryRecorder(HistoryWriter writer, List<Consumer<Op>> listeners, RunListener runListener) {
        this(writer, listeners, runListener, System::nanoTime);
    }

    HistoryRecorder(HistoryWriter writer, List<Consumer<Op>> listeners, LongSupplier nanoClock) {
        this(writer, listeners, RunListener.NONE, nanoClock);
    }

    private HistoryRecorder(
            HistoryWriter writer, List<Consumer<Op>> listeners, RunListener runListener, LongSupplier nanoClock) {
        this.writer = writer;
        this.listeners = List.copyOf(listeners);
        this.runListener = runListener;
        this.nanoClock = nanoClock;
        this.originNanos = nanoClock.getAsLong();
    }

    /** Nanoseconds since this recorder started: the clock of the history's {@code :time}. */
    public long elapsedNanos() {
        return nanoClock.getAsLong() - originNanos;
    }

    public synchronized Op invoke(long process, String f, String key, Object value, Map<String, Object> extra) {
        return emit(new Op(nextIndex++, elapsedNanos(), process, OpType.INVOKE, f, key, value, extra));
    }

    /** The completion of {@code invocation}: ok with {@code value}, or fail/info with the outcome's error. */
    public synchronized Op complete(Op invocation, OpType type, Object value, String error) {
        if (!invocation.isInvoke()) {
            throw new IllegalArgumentException("not an invocation: " + invocation);
        }
        long now = elapsedNanos();
        Map<String, Object> extra = new LinkedHashMap<>(invocation.extra());
        extra.put("latency-ms", (now - invocation.timeNanos()) / 1_000_000);
        if (error != null) {
            extra.put("error", error);
        }
        return emit(
                new Op(nextIndex++, now, invocation.process(), type, invocation.f(), invocation.key(), value, extra));
    }

    /**
     * Records one call: the invocation, then the call, then its completion. A call that returns is
     * ok; one that throws is classified by {@link OutcomeClassifier}, and a failure keeps the
     * invocation's value (what was attempted) so the checkers know what may or may not exist.
     */
    public Op record(long process, String f, String key, Object value, Map<String, Object> extra, Call call) {
        return callAndRecord(invoke(process, f, key, value, extra), call);
    }

    /** Records the rest of a call whose invocation {@link #invoke} recorded: the call, then its completion. */
    public Op callAndRecord(Op invocation, Call call) {
        Op completion = callAndComplete(invocation, invocation.value(), call);
        runListener.canaryCompleted(invocation, completion);
        return completion;
    }

    private Op callAndComplete(Op invocation, Object value, Call call) {
        Object result;
        try {
            result = call.run();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Outcome outcome = OutcomeClassifier.classify(e);
            return complete(invocation, outcome.type(), value, outcome.error());
        }
        return complete(invocation, OpType.OK, result, null);
    }

    private Op emit(Op op) {
        writer.append(op);
        for (Consumer<Op> listener : listeners) {
            listener.accept(op);
        }
        return op;
    }
}
