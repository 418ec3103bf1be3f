package dev.gameday.metrics;

import dev.gameday.history.Op;
import dev.gameday.report.SuccessRule;
import dev.gameday.schedule.PlannedFault;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a long run is, on the console: phase, elapsed and expected time, active faults, canary calls so far and
 * errors per AZ, e.g. {@code gameday: az-down 1:05/3:00 | faults #1 power-off of az az1 | ops 3412 | errors az1 120,
 * az2 0 | alarms 1}.
 *
 * <p>On a terminal it is one line redrawn in place (carriage return) at each tick. Elsewhere (CI logs) it is a plain
 * line every {@link #PLAIN_EVERY}, and at once on each phase change and fault edge, since a log has no "in place".
 *
 * <p>It writes to stderr, where ./gameday's logback lines go too, and keeps stdout for the verdict's summary (which
 * can then be piped). On a terminal both streams land on one screen, so a separate stream alone would not keep a
 * log line from being glued to the end of a half-drawn progress line: {@link #forConsole} therefore also routes
 * System.err through this class, which erases the progress line before any other output (logback's console
 * appender writes through the current System.err) and redraws it at the next tick, below that output.
 */
public final class ProgressLine implements RunListener, AutoCloseable {
    /** How often a plain line is printed when nothing else happened. */
    public static final Duration PLAIN_EVERY = Duration.ofSeconds(10);
    /** Wider lines wrap, and a carriage return then redraws only their last row. */
    static final int MAX_WIDTH = 119;

    private static final String ERASE_LINE = "\r\033[K";

    private final PrintStream out;
    private final boolean terminal;
    private final Map<Integer, String> activeFaults = new ConcurrentSkipListMap<>();
    private final Map<String, LongAdder> errorsByAz = new ConcurrentHashMap<>();
    private final LongAdder ops = new LongAdder();
    private final AtomicInteger activeAlarms = new AtomicInteger();
    private volatile RunInfo run;
    private volatile String phase = "starting";
    /** A phase change or fault edge since the last plain line. */
    private volatile boolean edge;

    private long lastPlainNanos;
    private boolean drawn;
    private PrintStream replacedErr;

    /**
     * @param terminal redraw one line in place (a terminal); otherwise print plain lines
     */
    public ProgressLine(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * The progress line of this process' console: in place on stderr when there is a terminal
     * ({@code System.console()}), with System.err routed through it until {@link #close}; plain lines otherwise.
     */
    public static ProgressLine forConsole() {
        PrintStream err = System.err;
        if (System.console() == null) {
            return new ProgressLine(err, false);
        }
        ProgressLine line = new ProgressLine(err, true);
        line.replacedErr = err;
        System.setErr(new PrintStream(line.erasingBeforeWrites(err), true));
        return line;
    }

    /** A stream to {@code target} that erases the progress line before passing anything on. */
    OutputStream erasingBeforeWrites(PrintStream target) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (ProgressLine.this) {
                    erase();
                    target.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (ProgressLine.this) {
                    erase();
                    target.write(b, off, len);
                }
            }

            @Override
            public void flush() {
                target.flush();
            }
        };
    }

    @Override
    public void runStarted(RunInfo info) {
        info.azs().forEach(az -> errorsByAz.put(az, new LongAdder()));
        run = info;
        edge = true;
    }

    @Override
    public void phaseStarted(String phase) {
        this.phase = phase;
        edge = true;
    }

    @Override
    public void canaryCompleted(Op invocation, Op completion) {
        if (!(invocation.extra().get("az") instanceof String az)) {
            return;
        }
        ops.increment();
        if (!SuccessRule.countsAsSuccess(completion)) {
            errorsByAz.computeIfAbsent(az, a -> new LongAdder()).increment();
        }
    }

    @Override
    public void faultStarted(PlannedFault fault, List<String> nodes) {
        activeFaults.put(fault.id(), "#" + fault.id() + " " + fault.describe());
        edge = true;
    }

    @Override
    public void faultHealed(PlannedFault fault) {
        activeFaults.remove(fault.id());
        edge = true;
    }

    @Override
    public void alarmRaised(String az, String endpoint) {
        activeAlarms.incrementAndGet();
    }

    @Override
    public void alarmCleared(String az, String endpoint) {
        activeAlarms.decrementAndGet();
    }

    @Override
    public synchronized void tick() {
        RunInfo info = run;
        if (info == null) {
            return;
        }
        long now = info.elapsedNanos().getAsLong();
        if (terminal) {
            draw();
        } else if (edge || now - lastPlainNanos >= PLAIN_EVERY.toNanos()) {
            edge = false;
            lastPlainNanos = now;
            out.println(render());
            out.flush();
        }
    }

    @Override
    public synchronized void runFinished(String verdict) {
        if (run == null) {
            return;
        }
        String last = render() + " | " + verdict;
        if (terminal) {
            out.print(ERASE_LINE + last + "\n");
            drawn = false;
        } else {
            out.println(last);
        }
        out.flush();
    }

    /** Puts System.err back as it was, if {@link #forConsole} replaced it. */
    @Override
    public synchronized void close() {
        erase();
        if (replacedErr != null) {
            System.setErr(replacedErr);
            replacedErr = null;
        }
    }

    /** The line as it stands now. */
    String render() {
        RunInfo info = run;
        StringBuilder line = new StringBuilder("gameday: ").append(phase);
        if (info != null) {
            line.append(' ')
                    .append(clock(info.elapsed()))
                    .append('/')
                    .append(clock(info.expectedDuration().get()));
        }
        line.append(" | faults ").append(activeFaults.isEmpty() ? "none" : String.join(", ", activeFaults.values()));
        line.append(" | ops ").append(ops.sum());
        StringJoiner errors = new StringJoiner(", ", " | errors ", "");
        (info == null ? List.copyOf(errorsByAz.keySet()) : info.azs())
                .forEach(az -> errors.add(
                        az + " " + errorsByAz.getOrDefault(az, new LongAdder()).sum()));
        line.append(errors);
        int alarms = activeAlarms.get();
        if (alarms > 0) {
            line.append(" | alarms ").append(alarms);
        }
        return line.length() <= MAX_WIDTH ? line.toString() : line.substring(0, MAX_WIDTH - 3) + "...";
    }

    private void draw() {
        out.print(ERASE_LINE + render());
        out.flush();
        drawn = true;
    }

    private void erase() {
        if (drawn) {
            out.print(ERASE_LINE);
            out.flush();
            drawn = false;
        }
    }

    /** m:ss, or h:mm:ss from an hour on. */
    static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
