package dev.gameday.faultfs;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The disk faults a nemesis sets and clears while the filesystem is mounted: latency, IO errors, the
 * fsync gate and a full disk. Paths are globs over the path inside the mount ("/db/*.log", "**.sst",
 * "/**" for everything), matched with {@link java.nio.file.FileSystem#getPathMatcher} "glob:" syntax.
 * Thread-safe: FUSE calls {@link #delay}, {@link #error} and {@link #chargeWrite} from its worker threads.
 */
public final class FaultRules {

    /** The operations a rule applies to. */
    public enum Op {
        READ,
        WRITE,
        FSYNC
    }

    /** What one rule does; {@code failOnce} rules (the fsync gate) disarm after their first failure. */
    private record Rule(
            Op op,
            String glob,
            PathMatcher matcher,
            long latencyNanos,
            long jitterNanos,
            double errorProbability,
            boolean failOnce) {
        boolean matches(Op candidate, String path) {
            return op == candidate && matcher.matches(Path.of(path));
        }
    }

    private final Map<String, Rule> rules = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final Random random;
    /** Bytes the disk may still take before writes fail with ENOSPC; negative means no limit. */
    private final AtomicLong spaceLeft = new AtomicLong(-1);

    FaultRules(long seed) {
        this.random = new Random(seed);
    }

    /** Every {@code op} on a path matching {@code glob} waits {@code latency} plus up to {@code jitter}. Returns the rule's id. */
    public String addLatency(Op op, String glob, Duration latency, Duration jitter) {
        return add(new Rule(op, glob, matcher(glob), latency.toNanos(), jitter.toNanos(), 0, false));
    }

    /** Every {@code op} on a path matching {@code glob} fails with EIO with this probability (0..1]. */
    public String addErrors(Op op, String glob, double probability) {
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("error probability must be in (0, 1], got " + probability);
        }
        return add(new Rule(op, glob, matcher(glob), 0, 0, probability, false));
    }

    /**
     * The fsync gate: the next fsync of a file matching {@code glob} fails with EIO, later ones succeed, and the
     * writes the failed fsync did not sync stay non-durable (lost at the next power loss) even after a later
     * fsync "succeeds", as on Linux, where a failed writeback marks the dirty pages clean.
     */
    public String failNextFsync(String glob) {
        return add(new Rule(Op.FSYNC, glob, matcher(glob), 0, 0, 1, true));
    }

    /** Writes fail with ENOSPC once {@code bytes} more bytes have been written, until {@link #clearDiskFull}. */
    public void diskFullAfter(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes before the disk is full must be >= 0, got " + bytes);
        }
        spaceLeft.set(bytes);
    }

    public void clearDiskFull() {
        spaceLeft.set(-1);
    }

    /** Removes one rule; false if there was none with this id (e.g. a fired fsync gate). */
    public boolean clear(String id) {
        return rules.remove(id) != null;
    }

    /** Heals everything: all rules and the full disk. */
    public void clearAll() {
        rules.clear();
        clearDiskFull();
    }

    /** The ids of the rules in force, e.g. for a report. */
    public java.util.Set<String> ids() {
        return java.util.Set.copyOf(rules.keySet());
    }

    // ---- called by the FUSE operations ----

    /** Sleeps for the latency rules matching this operation. */
    void delay(Op op, String path) {
        long nanos = 0;
        for (Rule rule : rules.values()) {
            if (rule.latencyNanos > 0 && rule.matches(op, path)) {
                nanos += rule.latencyNanos + (rule.jitterNanos > 0 ? nextLong(rule.jitterNanos) : 0);
            }
        }
        if (nanos > 0) {
            try {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether this operation fails with EIO; a fired fsync gate is removed here, and reported as {@link Failure#GATE}. */
    Failure error(Op op, String path) {
        for (Map.Entry<String, Rule> entry : rules.entrySet()) {
            Rule rule = entry.getValue();
            if (rule.errorProbability > 0 && rule.matches(op, path) && nextDouble() < rule.errorProbability) {
                if (rule.failOnce) {
                    if (rules.remove(entry.getKey(), rule)) {
                        return Failure.GATE;
                    }
                    continue;
                }
                return Failure.EIO;
            }
        }
        return Failure.NONE;
    }

    enum Failure {
        NONE,
        EIO,
        GATE
    }

    /** Takes {@code bytes} from the space left; false (ENOSPC) if the disk is full. */
    boolean chargeWrite(long bytes) {
        while (true) {
            long left = spaceLeft.get();
            if (left < 0) {
                return true;
            }
            if (left < bytes) {
                spaceLeft.set(0);
                return false;
            }
            if (spaceLeft.compareAndSet(left, left - bytes)) {
                return true;
            }
        }
    }

    private synchronized long nextLong(long bound) {
        return (long) (random.nextDouble() * bound);
    }

    private synchronized double nextDouble() {
        return random.nextDouble();
    }

    private String add(Rule rule) {
        String id = rule.op.name().toLowerCase() + "-" + nextId.getAndIncrement();
        rules.put(id, rule);
        return id;
    }

    private static PathMatcher matcher(String glob) {
        if (glob == null || !glob.startsWith("/")) {
            throw new IllegalArgumentException("path glob must start with / (a path inside the mount), got " + glob);
        }
        return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    }
}
