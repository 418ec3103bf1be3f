package dev.gameday.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.history.Op;
import dev.gameday.metrics.RunListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AlarmDetectorTest {

    @Test
    void raisesAfterConsecutiveBreachingWindowsAndClears() {
        List<Alarm> alarms = new AlarmDetector(0.01, 2)
                .detect(threeBreachingWindowsThenOneAlone().windows(1000).bySeries());
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

    @Test
    void theLiveRuleRaisesAndClearsAsTheRunGoes() {
        assertEquals(
                List.of("raised az1 e1 at 3s", "cleared az1 e1 at 5s"),
                liveEvents(threeBreachingWindowsThenOneAlone(), 2),
                "as after the run");
    }

    @Test
    void theLiveRuleTakesWindowsWithoutRequestsAsTheEndOfAStreak() {
        CanaryTraffic t = new CanaryTraffic()
                .calls("az1", "e", 0, 10, 5, 5)
                .calls("az1", "e", 2000, 2010, 5, 5)
                .calls("az1", "e", 4000, 4010, 5, 0);
        assertEquals(List.of(), liveEvents(t, 2));
        assertEquals(
                List.of("raised az1 e at 2s", "cleared az1 e at 2s", "raised az1 e at 4s", "cleared az1 e at 4s"),
                liveEvents(t, 1),
                "a window without requests between two breaching ones clears the alarm");
    }

    /** Windows of 1s: 0 ok, 1-3 at 10% errors, 4 ok, 5 at 2% (a single breach), 6 ok; az2 all ok. */
    private static CanaryTraffic threeBreachingWindowsThenOneAlone() {
        return new CanaryTraffic()
                .calls("az1", "e1", 0, 1000, 100, 0)
                .calls("az1", "e1", 1000, 4000, 300, 0)
                .calls("az1", "e1", 1000, 1010, 10, 10)
                .calls("az1", "e1", 2000, 2010, 10, 10)
                .calls("az1", "e1", 3000, 3010, 10, 10)
                .calls("az1", "e1", 4000, 5000, 100, 0)
                .calls("az1", "e1", 5000, 6000, 100, 2)
                .calls("az1", "e1", 6000, 7000, 100, 0)
                .calls("az2", "e2", 0, 7000, 700, 0);
    }

    /** What the live rule tells a listener, each event with the second of the completion that caused it. */
    private static List<String> liveEvents(CanaryTraffic traffic, int consecutiveWindows) {
        List<String> events = new ArrayList<>();
        long[] now = new long[1];
        Consumer<Op> rule = new AlarmDetector(0.01, consecutiveWindows).live(Duration.ofSeconds(1), new RunListener() {
            @Override
            public void alarmRaised(String az, String endpoint) {
                events.add("raised " + az + " " + endpoint + " at " + now[0] / 1_000_000_000 + "s");
            }

            @Override
            public void alarmCleared(String az, String endpoint) {
                events.add("cleared " + az + " " + endpoint + " at " + now[0] / 1_000_000_000 + "s");
            }
        });
        for (Op op : traffic.ops()) {
            now[0] = op.timeNanos();
            rule.accept(op);
        }
        return events;
    }
}
