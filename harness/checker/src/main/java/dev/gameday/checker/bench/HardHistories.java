package dev.gameday.checker.bench;

import dev.gameday.history.HistoryWriter;
import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Generates histories that are hard to check, from a seed: many clients on few keys, partitions that
 * turn many operations into :info (timed out, effect unknown, applied or not, possibly long after),
 * clients that crash (Jepsen gives the next operation a new process) and operations still open when
 * the history ends, and optionally one stale read late in the history.
 *
 * <p>The histories come from simulating a correct store: every operation takes effect at a random
 * instant between its invocation and completion (an :info one at a random instant after its
 * invocation, or never), so without the stale read the history is linearizable, the simulated order
 * being a witness. The stale read is built to be impossible: it returns the value of an :ok write
 * w1 (cas-register: write or cas; kv: put) although another :ok write w2, invoked after w1
 * completed, completed before the read was invoked; values are unique per key, so nothing can bring
 * w1's value back. So the expected verdict is known without a checker.
 */
public final class HardHistories {

    /** The knobs of one class of histories. */
    public record Shape(
            String model,
            int clients,
            int keys,
            int operations,
            double partitionShare,
            double infoInPartition,
            double crashRate,
            boolean staleRead) {}

    /** A kv history like Porcupine's 50-client ones: 50 clients, 10 keys, get/put/append. */
    public static Shape kv50(boolean staleRead) {
        return new Shape("kv", 50, 10, 2000, 0.2, 0.3, 0.002, staleRead);
    }

    /**
     * Shaped like the project's real runs that ran out of memory: a cas-register workload of about
     * 20 clients per key on 4 keys, partitions a third of the time in which most operations time out.
     */
    public static Shape realRun(boolean staleRead, int operations) {
        return new Shape("cas-register", 80, 4, operations, 0.35, 0.6, 0.002, staleRead);
    }

    private final Shape shape;
    private final SplittableRandom random;

    private HardHistories(Shape shape, long seed) {
        this.shape = shape;
        this.random = new SplittableRandom(seed);
    }

    /** The history for {@code shape} and {@code seed}, as ops in real-time order. */
    public static List<Op> generate(Shape shape, long seed) {
        return new HardHistories(shape, seed).simulate();
    }

    /** Writes a generated history as EDN, one op map per line. */
    public static void write(Path file, List<Op> history) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (HistoryWriter writer = new HistoryWriter(file)) {
            history.forEach(writer::append);
        }
    }

    // ---- simulation ----

    private enum EventKind {
        INVOKE,
        TAKE_EFFECT,
        COMPLETE
    }

    private record Event(long time, long order, EventKind kind, Pending op) {}

    /** One operation in flight. */
    private static final class Pending {
        final int client;
        long process;
        final String key;
        final String f;
        final Object input;
        OpType outcome; // decided when invoked: OK, FAIL (cas mismatch decided at effect), INFO or null (never
        // completes)
        boolean takesEffect;
        Object output;
        long invokedAt;
        long completedAt = Long.MAX_VALUE;
        boolean stale;

        Pending(int client, long process, String key, String f, Object input) {
            this.client = client;
            this.process = process;
            this.key = key;
            this.f = f;
            this.input = input;
        }
    }

    /** An :ok write that completed, for building a stale read. */
    private record CompletedWrite(Object value, long invokedAt, long completedAt) {}

    private final PriorityQueue<Event> events =
            new PriorityQueue<>(Comparator.comparingLong(Event::time).thenComparingLong(Event::order));
    private long eventOrder;
    private final Map<String, Object> store = new HashMap<>();
    private final Map<String, Long> nextValue = new HashMap<>();
    private final Map<String, List<CompletedWrite>> okWrites = new HashMap<>();
    private final List<Op> history = new ArrayList<>();
    private boolean staleReadPlaced;

    private long[] process;
    private long partitionPeriod;

    private List<Op> simulate() {
        process = new long[shape.clients()];
        for (int c = 0; c < shape.clients(); c++) {
            process[c] = c;
            schedule(random.nextInt(5), EventKind.INVOKE, new Pending(c, c, null, null, null));
        }
        // About 8 time units per operation and client; three partitions over the run.
        long duration = Math.max(30, (long) shape.operations() * 8 / shape.clients());
        partitionPeriod = Math.max(10, duration / 3);
        int invoked = 0;
        while (!events.isEmpty()) {
            Event event = events.poll();
            long now = event.time();
            Pending op = event.op();
            switch (event.kind()) {
                case INVOKE -> {
                    if (invoked >= shape.operations()) {
                        continue; // the client stops
                    }
                    invoked++;
                    boolean partitioned = inPartition(now);
                    boolean lateEnough = invoked > shape.operations() * 9 / 10;
                    Pending next = newOperation(op.client, process[op.client], partitioned);
                    next.stale = shape.staleRead() && !staleReadPlaced && lateEnough && isRead(next.f);
                    invoke(next, now, partitioned);
                }
                case TAKE_EFFECT -> takeEffect(op);
                case COMPLETE -> {
                    complete(op, now);
                    if (op.outcome == OpType.INFO) {
                        process[op.client] += shape.clients(); // Jepsen's crashed process comes back as a new one
                    }
                    schedule(
                            now + 1 + random.nextInt(3), EventKind.INVOKE, new Pending(op.client, 0, null, null, null));
                }
            }
        }
        return history;
    }

    private boolean inPartition(long now) {
        return now % partitionPeriod < partitionPeriod * shape.partitionShare();
    }

    private Pending newOperation(int client, long process, boolean partitioned) {
        String key = "k" + random.nextInt(shape.keys());
        int dice = random.nextInt(100);
        String f;
        Object input;
        if (shape.model().equals("kv")) {
            f = dice < 45 ? "get" : dice < 55 ? "put" : "append";
            input = f.equals("get") ? null : "x " + process + " " + nextValue(key) + " y";
        } else {
            f = dice < 45 ? "read" : dice < 75 ? "write" : "cas";
            if (f.equals("read")) {
                input = null;
            } else if (f.equals("write")) {
                input = nextValue(key);
            } else {
                // Mostly from the current value, as a client that just read it would; else from an old one.
                Object current = store.get(key);
                Object from = current != null && random.nextInt(4) > 0 ? current : (long) random.nextInt(3);
                input = List.of(from, nextValue(key));
            }
        }
        Pending op = new Pending(client, process, key, f, input);
        if (random.nextDouble() < shape.crashRate()) {
            op.outcome = null; // the client dies: no completion at all
        } else if (partitioned && random.nextDouble() < shape.infoInPartition()) {
            op.outcome = OpType.INFO;
        } else {
            op.outcome = OpType.OK;
        }
        return op;
    }

    private long nextValue(String key) {
        long value = nextValue.merge(key, 1L, Long::sum);
        return shape.model().equals("kv") ? value : value * 10 + 7; // never 0..2, the cas "old values"
    }

    private static boolean isRead(String f) {
        return f.equals("read") || f.equals("get");
    }

    private void invoke(Pending op, long now, boolean partitioned) {
        op.invokedAt = now;
        history.add(new Op(history.size(), now * 1_000_000, op.process, OpType.INVOKE, op.f, op.key, op.input));
        long latency = 1 + random.nextInt(partitioned ? 30 : 8);
        if (op.outcome == OpType.OK) {
            long completeAt = now + latency;
            schedule(now + random.nextLong(latency + 1), EventKind.TAKE_EFFECT, op);
            schedule(completeAt, EventKind.COMPLETE, op);
        } else {
            // Timed out or died: it may still take effect, possibly long after the client gave up.
            op.takesEffect = !isRead(op.f) && random.nextBoolean();
            if (op.takesEffect) {
                schedule(now + random.nextLong(latency * 6 + 1), EventKind.TAKE_EFFECT, op);
            }
            if (op.outcome == OpType.INFO) {
                schedule(now + latency + 20, EventKind.COMPLETE, op);
            } else {
                // The client died without an answer; it comes back later as a new process.
                process[op.client] += shape.clients();
                schedule(now + latency + 20, EventKind.INVOKE, new Pending(op.client, 0, null, null, null));
            }
        }
    }

    private void takeEffect(Pending op) {
        Object current = store.get(op.key);
        switch (op.f) {
            case "read" -> op.output = current;
            case "get" -> op.output = current == null ? "" : current;
            case "write", "put" -> store.put(op.key, op.input);
            case "append" -> store.put(op.key, (current == null ? "" : (String) current) + op.input);
            case "cas" -> {
                List<?> fromTo = (List<?>) op.input;
                if (java.util.Objects.equals(current, fromTo.get(0))) {
                    store.put(op.key, fromTo.get(1));
                } else if (op.outcome == OpType.OK) {
                    op.outcome = OpType.FAIL;
                }
            }
            default -> throw new IllegalStateException(op.f);
        }
    }

    private void complete(Pending op, long now) {
        op.completedAt = now;
        Object value = op.input;
        if (op.outcome == OpType.OK && isRead(op.f)) {
            value = op.stale && !staleReadPlaced ? staleValue(op) : op.output;
        }
        history.add(new Op(history.size(), now * 1_000_000, op.process, op.outcome, op.f, op.key, value));
        boolean writesWholeValue = op.f.equals("write") || op.f.equals("put") || op.f.equals("cas");
        if (op.outcome == OpType.OK && writesWholeValue) {
            Object written = op.f.equals("cas") ? ((List<?>) op.input).get(1) : op.input;
            okWrites.computeIfAbsent(op.key, k -> new ArrayList<>())
                    .add(new CompletedWrite(written, op.invokedAt, now));
        } else if (op.outcome == OpType.OK && op.f.equals("append")) {
            // An append hides an earlier put's value just as a put does; no value of its own to go stale.
            okWrites.computeIfAbsent(op.key, k -> new ArrayList<>()).add(new CompletedWrite(null, op.invokedAt, now));
        }
    }

    /**
     * A value this read cannot return: that of an :ok write w1 followed by an :ok write w2 invoked
     * after w1 completed and completed before this read was invoked. Falls back to the real value
     * (and tries again with a later read) when the key has no such pair yet.
     */
    private Object staleValue(Pending read) {
        List<CompletedWrite> writes = okWrites.getOrDefault(read.key, List.of());
        for (int i = writes.size() - 1; i >= 0; i--) {
            CompletedWrite w2 = writes.get(i);
            if (w2.completedAt() >= read.invokedAt) {
                continue;
            }
            for (int j = i - 1; j >= 0; j--) {
                CompletedWrite w1 = writes.get(j);
                if (w1.value() != null
                        && w1.completedAt() < w2.invokedAt()
                        && !w1.value().equals(w2.value())) {
                    staleReadPlaced = true;
                    return w1.value();
                }
            }
        }
        return read.output;
    }

    private void schedule(long time, EventKind kind, Pending op) {
        events.add(new Event(time, eventOrder++, kind, op));
    }
}
