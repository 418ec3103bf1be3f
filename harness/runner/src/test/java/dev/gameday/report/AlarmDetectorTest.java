package dev.gameday.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlarmDetectorTest {

    @Test
    void raisesAfterConsecutiveBreachingWindowsAndClears() {
        // Windows of 1s: 0 ok, 1-3 at 10% errors, 4 ok, 5 at 2% (a single breach), 6 ok.
        CanaryTraffic t = new CanaryTraffic()
                .calls("az1", "e1", 0, 1000, 100, 0)
                .calls("az1", "e1", 1000, 4000, 300, 0)
                .calls("az1", "e1", 1000, 1010, 10, 10)
                .calls("az1", "e1", 2000, 2010, 10, 10)
                .calls("az1", "e1", 3000, 3010, 10, 10)
                .calls("az1", "e1", 4000, 5000, 100, 0)
                .calls("az1", "e1", 5000, 6000, 100, 2)
                .calls("az1", "e1", 6000, 7000, 100, 0)
                .calls("az2", "e2", 0, 7000, 700, 0);
        List<Alarm> alarms = new AlarmDetector(0.01, 2).detect(t.windows(1000).bySeries());
        assertEquals(1, alarms.size(), alarms.toString());
        Alarm a = alarms.get(0);
        assertEquals("az1", a.az());
        assertEquals(Duration.ofSeconds(1), a.breachStart());
        assertEquals(Duration.ofSeconds(3), a.raisedAt(), "fires at the end of the second breaching window");
        assertEquals(Duration.ofSeconds(5), a.clearedAt(), "back to OK at the end of the first good window");
        assertEquals(3, a.breachingWindows());
        assertEquals(10.0 / 110, a.worstErrorRatio(), 1e-9);
    }

    @Test
    void anAlarmStillBreachingAtTheEndNeverCleared() {
        CanaryTraffic t = new CanaryTraffic().calls("az1", "e", 0, 1000, 10, 0).calls("az1", "e", 1000, 3000, 20, 20);
        List<Alarm> alarms = new AlarmDetector(0.01, 2).detect(t.windows(1000).bySeries());
        assertEquals(1, alarms.size());
        assertNull(alarms.get(0).clearedAt());
    }

    @Test
    void windowsWithoutRequestsBreakAStreak() {
        CanaryTraffic t = new CanaryTraffic().calls("az1", "e", 0, 10, 5, 5).calls("az1", "e", 2000, 2010, 5, 5);
        assertTrue(new AlarmDetector(0.01, 2).detect(t.windows(1000).bySeries()).isEmpty());
    }
}
