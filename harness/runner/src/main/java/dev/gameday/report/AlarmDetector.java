package dev.gameday.report;

import dev.gameday.history.Op;
import dev.gameday.metrics.RunListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds alarm-style threshold crossings in windowed availability, as a CloudWatch alarm on the
 * canary's error ratio would ("error ratio above 1% for 2 consecutive 5-minute periods"). A window
 * without requests has no data: it neither breaches nor continues a streak.
 *
 * <p>{@link #live} applies the same rule while the run goes, for the live metrics; results.json's alarms are
 * judged afterwards on the complete windows and are the record.
 */
public final class AlarmDetector {
    private final double errorRatioThreshold;
    private final int consecutiveWindows;

    public AlarmDetector(double errorRatioThreshold, int consecutiveWindows) {
        if (consecutiveWindows < 1) {
            throw new IllegalArgumentException("consecutiveWindows must be at least 1, was " + consecutiveWindows);
        }
        this.errorRatioThreshold = errorRatioThreshold;
        this.consecutiveWindows = consecutiveWindows;
    }

    public List<Alarm> detect(Map<Series, List<WindowStats>> bySeries) {
        List<Alarm> alarms = new ArrayList<>();
        bySeries.forEach((series, windows) -> detect(series, windows, alarms));
        return alarms;
    }

    private void detect(Series series, List<WindowStats> windows, List<Alarm> alarms) {
        int streakStart = -1;
        for (int i = 0; i <= windows.size(); i++) {
            boolean breaching = i < windows.size() && breaches(windows.get(i));
            if (breaching && streakStart < 0) {
                streakStart = i;
            } else if (!breaching && streakStart >= 0) {
                int length = i - streakStart;
                if (length >= consecutiveWindows) {
                    List<WindowStats> streak = windows.subList(streakStart, i);
                    double worst = streak.stream()
                            .mapToDouble(WindowStats::errorRatio)
                            .max()
                            .orElse(0);
                    boolean cleared = i < windows.size();
                    alarms.add(new Alarm(
                            series.az(),
                            series.endpoint(),
                            streak.get(0).start(),
                            streak.get(consecutiveWindows - 1).end(),
                            cleared ? windows.get(i).end() : null,
                            length,
                            worst));
                }
                streakStart = -1;
            }
        }
    }

    private boolean breaches(WindowStats w) {
        return w.requests() > 0 && w.errorRatio() > errorRatioThreshold;
    }

    /**
     * The rule fed live with the history's ops, telling {@code listener} when each series' alarm is raised and
     * cleared. Live, a window closes when the series' first completion after it arrives, and completions count
     * in the window in which they complete (a real alarm sees a canary's data point when the call returns), so
     * the live alarms can differ from results.json's at window edges.
     */
    public Consumer<Op> live(Duration window, RunListener listener) {
        return new LiveRule(window.toNanos(), listener);
    }

    private final class LiveRule implements Consumer<Op> {
        private final long windowNanos;
        private final RunListener listener;
        private final Map<Series, SeriesState> states = new HashMap<>();

        LiveRule(long windowNanos, RunListener listener) {
            this.windowNanos = windowNanos;
            this.listener = listener;
        }

        @Override
        public synchronized void accept(Op op) {
            if (op.isInvoke()
                    || !(op.extra().get("az") instanceof String az)
                    || !(op.extra().get("endpoint") instanceof String endpoint)
                    || op.f().equals("final-read")) {
                return;
            }
            Series series = new Series(az, endpoint);
            long window = op.timeNanos() / windowNanos;
            SeriesState state = states.computeIfAbsent(series, s -> new SeriesState(window));
            if (window > state.window) {
                close(series, state);
                if (window > state.window + 1) {
                    endStreak(series, state); // windows without requests in between: no data, the streak ends
                }
                state.window = window;
                state.requests = 0;
                state.errors = 0;
            }
            state.requests++;
            if (!SuccessRule.countsAsSuccess(op)) {
                state.errors++;
            }
        }

        private void close(Series series, SeriesState state) {
            WindowStats stats = new WindowStats(Duration.ZERO, Duration.ZERO, state.requests, state.errors, 0, 0, 0, 0);
            if (!breaches(stats)) {
                endStreak(series, state);
            } else if (++state.streak == consecutiveWindows) {
                listener.alarmRaised(series.az(), series.endpoint());
            }
        }

        private void endStreak(Series series, SeriesState state) {
            if (state.streak >= consecutiveWindows) {
                listener.alarmCleared(series.az(), series.endpoint());
            }
            state.streak = 0;
        }
    }

    /** The open window of one series and how many breaching windows came right before it. */
    private static final class SeriesState {
        long window;
        long requests;
        long errors;
        int streak;

        SeriesState(long window) {
            this.window = window;
        }
    }
}
