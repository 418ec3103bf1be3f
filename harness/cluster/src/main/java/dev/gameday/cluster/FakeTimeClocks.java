package dev.gameday.cluster;

import dev.gameday.experiment.ClockSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;

/**
 * Storage nodes' clocks, moved one node at a time without touching the host's clock: each node's JVM runs with
 * Debian's libfaketime preloaded, which reads its fake time from a control file that this class rewrites. The file
 * lives on the host under the run directory ({@code clocks/<node>/faketime}, beside {@code data/}, never in it),
 * and its folder is bind-mounted into the node; the harness replaces the file by a rename, which a folder mount
 * shows at once (a mounted file would keep the old one).
 *
 * <p>Only the nodes of a run whose experiment has clock faults load the library ({@link #prepare}): it intercepts
 * every clock read, so other runs stay as they were. It rereads the file at most once a second
 * ({@code FAKETIME_CACHE_DURATION=1}): a clock read costs a cached lookup, and a change lands within a second.
 * The control lines are libfaketime's: {@code +180 x1} runs 180 s ahead, {@code -90 x1} 90 s behind, {@code +0 x1}
 * is real time. Every line names its rate: a line without one keeps the rate of the line before (measured: a
 * {@code +0} after a drift kept the JVM's clock running fast). A rate counts from the start of the process, so a
 * drift that starts now says {@code -(age * (rate - 1)) xRATE}: no jump when it starts. ({@code FAKETIME_XRESET},
 * which counts a rate from when it was set, is not used: the JVM's clock then kept every second it had gained
 * after a heal.)
 */
public final class FakeTimeClocks implements AutoCloseable {

    static final String LIBRARY = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
    static final String CONTROL_FOLDER_IN_CONTAINER = "/etc/gameday/clock";
    static final String CONTROL_FILE = "faketime";
    static final String REAL_TIME = "+0 x1";

    private final Path root;
    private final ClockSpec.Clocks movable;
    /** Flips strobing clocks; created with the first strobe. */
    private ScheduledExecutorService strobes;

    private final Map<String, ScheduledFuture<?>> strobing = new ConcurrentHashMap<>();

    /**
     * @param root    host folder that holds a control folder per node
     * @param movable which clocks the nodes' library may move, or null when the run has no clock faults
     */
    FakeTimeClocks(Path root, ClockSpec.Clocks movable) {
        this.root = root;
        this.movable = movable;
    }

    /** The environment that makes a node's processes read their clocks through the library. */
    Map<String, String> environment() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("LD_PRELOAD", LIBRARY);
        env.put("FAKETIME_TIMESTAMP_FILE", CONTROL_FOLDER_IN_CONTAINER + "/" + CONTROL_FILE);
        env.put("FAKETIME_CACHE_DURATION", "1");
        // Without this, libfaketime 0.9.10's fix for programs that wait on the monotonic clock made parked JVM threads
        // spin: 40 threads parking 20 ms for 8 s took 1347 CPU ticks and overshot by up to 388 ms (51 ticks, 7 ms
        // without the library; 74 ticks, 28 ms with this), and a cluster booted with it never kept its leaders.
        env.put("FAKETIME_FORCE_MONOTONIC_FIX", "0");
        // The library fakes the monotonic clock too unless told not to, when the process starts.
        env.put("FAKETIME_DONT_FAKE_MONOTONIC", movable == ClockSpec.Clocks.BOTH ? "0" : "1");
        return env;
    }

    /** Gives {@code node}'s container its control folder, at real time, and the library. */
    void prepare(String node, GenericContainer<?> container) {
        write(node, REAL_TIME);
        container.withFileSystemBind(folder(node).toString(), CONTROL_FOLDER_IN_CONTAINER, BindMode.READ_ONLY);
        environment().forEach(container::withEnv);
    }

    /**
     * Moves {@code node}'s clocks as {@code spec} says until {@link #restore}; returns the control line written
     * (for a strobe, both lines and the period).
     *
     * @param processAge how long the node's process has run, where the library counts a drift from; only a drift
     *                   uses it
     */
    public synchronized String move(String node, ClockSpec spec, Duration processAge) {
        if (movable == null) {
            throw new IllegalStateException(
                    "the nodes were booted without a movable clock: the run's experiment" + " declared no clock fault");
        }
        stopStrobe(node);
        return switch (spec.kind()) {
            case OFFSET -> write(node, offsetLine(spec.offset()));
            case DRIFT -> write(node, driftLine(spec.rate(), processAge));
            case STROBE -> {
                String moved = offsetLine(spec.offset());
                write(node, moved);
                long periodMillis = spec.period().toMillis();
                boolean[] movedNow = {true};
                ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
                // A flip holds the lock and checks that its strobe is still the node's: cancel() does not stop a flip
                // already running, which could otherwise write its line after restore() (or a new move) wrote its own,
                // or move the shared ".next" file from under it (a descheduled strobe thread makes that likely).
                self[0] = strobes()
                        .scheduleAtFixedRate(
                                () -> {
                                    synchronized (this) {
                                        if (strobing.get(node) != self[0]) {
                                            return;
                                        }
                                        movedNow[0] = !movedNow[0];
                                        write(node, movedNow[0] ? moved : REAL_TIME);
                                    }
                                },
                                periodMillis,
                                periodMillis,
                                TimeUnit.MILLISECONDS);
                strobing.put(node, self[0]);
                yield moved + " and " + REAL_TIME + " every " + periodMillis + "ms";
            }
        };
    }

    /** Puts {@code node}'s clocks back on real time; idempotent. */
    public synchronized void restore(String node) {
        stopStrobe(node);
        if (Files.exists(file(node))) {
            write(node, REAL_TIME);
        }
    }

    /** The control line a node's library reads now. */
    String controlLine(String node) {
        try {
            return Files.readString(file(node)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** libfaketime's relative offset in whole seconds, signed, at real speed: {@code +180 x1}, {@code -90 x1}. */
    static String offsetLine(Duration offset) {
        return (offset.isNegative() ? "-" : "+") + offset.abs().toSeconds() + " x1";
    }

    /**
     * A clock that runs {@code rate} times as fast from now on, for a process that has run {@code processAge}: the
     * library shows {@code start + offset + (now - start) * rate}, so the offset takes back what the rate would add
     * for the time already run.
     */
    static String driftLine(double rate, Duration processAge) {
        BigDecimal offset = BigDecimal.valueOf(processAge.toMillis(), 3)
                .multiply(BigDecimal.valueOf(1 - rate))
                .setScale(3, java.math.RoundingMode.HALF_UP);
        return (offset.signum() < 0 ? "" : "+") + offset.toPlainString() + " x"
                + BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
    }

    private void stopStrobe(String node) {
        ScheduledFuture<?> strobe = strobing.remove(node);
        if (strobe != null) {
            strobe.cancel(false);
        }
    }

    private synchronized ScheduledExecutorService strobes() {
        if (strobes == null) {
            strobes = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "clock-strobe");
                t.setDaemon(true);
                return t;
            });
        }
        return strobes;
    }

    /** Replaces the control file in one rename, so the library never reads half a line. */
    private String write(String node, String line) {
        try {
            Files.createDirectories(folder(node));
            Path next = folder(node).resolve(CONTROL_FILE + ".next");
            Files.writeString(next, line + "\n");
            Files.move(next, file(node), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the clock control of " + node, e);
        }
    }

    private Path folder(String node) {
        return root.resolve(node);
    }

    private Path file(String node) {
        return folder(node).resolve(CONTROL_FILE);
    }

    /** Stops strobing; the control files stay with the run directory (the nodes are removed right after). */
    @Override
    public synchronized void close() {
        if (strobes != null) {
            strobes.shutdownNow();
        }
    }
}
