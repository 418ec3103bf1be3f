package dev.gameday.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void parsesUnitsAndCompounds() {
        assertEquals(Duration.ofMillis(500), DurationText.parse("500ms"));
        assertEquals(Duration.ofSeconds(30), DurationText.parse("30s"));
        assertEquals(Duration.ofSeconds(90), DurationText.parse("1.5m"));
        assertEquals(Duration.ofSeconds(90), DurationText.parse("1m30s"));
        assertEquals(Duration.ofHours(2), DurationText.parse("2h"));
        assertEquals(Duration.ZERO, DurationText.parse("0s"));
    }

    @Test
    void rejectsWhatItCannotRead() {
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("30"));
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("-1s"));
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("5 minutes"));
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse(""));
    }

    @Test
    void formatReadsBack() {
        for (String text : new String[] {"0s", "1.5s", "30s", "1m", "1m30s", "12m0.25s"}) {
            assertEquals(text, DurationText.format(DurationText.parse(text)));
        }
    }

    @Test
    void timeScaleComesFromTheSystemPropertyAndIsChecked() {
        String before = System.getProperty(TimeScale.PROPERTY);
        try {
            System.setProperty(TimeScale.PROPERTY, "0.25");
            assertEquals(new TimeScale(0.25), TimeScale.fromSystemProperty());
            System.setProperty(TimeScale.PROPERTY, "fast");
            assertThrows(IllegalArgumentException.class, TimeScale::fromSystemProperty);
            System.clearProperty(TimeScale.PROPERTY);
            assertEquals(TimeScale.REAL_TIME, TimeScale.fromSystemProperty());
        } finally {
            if (before != null) {
                System.setProperty(TimeScale.PROPERTY, before);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new TimeScale(0));
        assertThrows(IllegalArgumentException.class, () -> new TimeScale(-1));
    }
}
