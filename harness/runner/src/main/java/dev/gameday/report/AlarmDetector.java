package dev.gameday.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds alarm-style threshold crossings in windowed availability, as a CloudWatch alarm on the
 * canary's error ratio would ("error ratio above 1% for 2 consecutive 5-minute periods"). A window
 * without requests has no data: it neither breaches nor continues a streak.
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
                    double worst = streak.stream().mapToDouble(WindowStats::errorRatio).max().orElse(0);
                    boolean cleared = i < windows.size();
                    alarms.add(new Alarm(series.az(), series.endpoint(), streak.get(0).start(),
                            streak.get(consecutiveWindows - 1).end(), cleared ? windows.get(i).end() : null,
                            length, worst));
                }
                streakStart = -1;
            }
        }
    }

    private boolean breaches(WindowStats w) {
        return w.requests() > 0 && w.errorRatio() > errorRatioThreshold;
    }
}
