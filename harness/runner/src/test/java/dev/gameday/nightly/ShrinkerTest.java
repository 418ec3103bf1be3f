package dev.gameday.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.FaultType;
import dev.gameday.experiment.Phase;
import dev.gameday.experiment.TargetSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShrinkerTest {

    /** Twelve power-offs of 40 s; the "bug" shows when az2-storage-1 is off for at least 10 s. */
    private static Experiment plan() {
        List<FaultSpec> faults = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String node = "az" + (i % 3 + 1) + "-storage-1";
            faults.add(new FaultSpec(
                    FaultType.POWER_OFF,
                    new TargetSpec(node, null, null, null),
                    Duration.ofMinutes(i),
                    Duration.ofSeconds(40),
                    null,
                    null,
                    null));
        }
        return new Experiment(
                "x",
                null,
                null,
                1L,
                null,
                null,
                List.of(
                        new Phase("warm-up", Duration.ofMinutes(1), List.of()),
                        new Phase("chaos", Duration.ofMinutes(13), faults)),
                null,
                null,
                null,
                null);
    }

    private static boolean showsTheBug(Experiment candidate) {
        return candidate.schedule().get(1).faults().stream()
                .anyMatch(f -> f.target().node().equals("az2-storage-1")
                        && f.duration().compareTo(Duration.ofSeconds(10)) >= 0);
    }

    @Test
    void keepsOneFaultShortenedAsFarAsItStillFails() throws Exception {
        int[] runs = {0};
        Shrinker.Attempt attempt = (candidate, label) -> {
            runs[0]++;
            return new Shrinker.Outcome(
                    showsTheBug(candidate) ? Set.of("durability", "steady-state") : Set.of(), "dir");
        };
        Shrinker.Result result = new Shrinker(
                        Set.of("durability", "steady-state", "faults"), Duration.ofHours(1), attempt, Clock.systemUTC())
                .shrink(plan());
        List<FaultSpec> kept = result.minimal().schedule().get(1).faults();
        assertEquals(1, kept.size(), kept.toString());
        assertEquals("az2-storage-1", kept.get(0).target().node());
        assertEquals(Duration.ofSeconds(10), kept.get(0).duration());
        assertEquals(12, result.faultsBefore());
        assertEquals(runs[0], result.runs());
        assertTrue(result.runs() < 20, result.tries().toString());
        assertEquals(result.tries().size(), result.tries().stream().distinct().count(), "no plan is run twice");
    }

    @Test
    void aFailureOfAnotherCheckerDoesNotCount() throws Exception {
        Shrinker.Attempt attempt = (candidate, label) -> new Shrinker.Outcome(
                candidate.schedule().get(1).faults().size() == 12 ? Set.of("durability") : Set.of("linearizability"),
                "dir");
        Shrinker.Result result =
                new Shrinker(Set.of("durability"), Duration.ofHours(1), attempt, Clock.systemUTC()).shrink(plan());
        assertEquals(12, result.faultsAfter());
    }

    @Test
    void theFirstDataCheckerTheOriginalFailedIsTheFailure() {
        assertEquals(Set.of("durability"), Shrinker.signature(Set.of("scrub", "durability", "linearizability")));
        assertEquals(Set.of("linearizability"), Shrinker.signature(Set.of("linearizability", "steady-state")));
        assertEquals(Set.of("steady-state", "faults"), Shrinker.signature(Set.of("steady-state", "faults")));
    }

    @Test
    void stopsWhenTheBudgetIsSpent() throws Exception {
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        Shrinker.Attempt attempt = (candidate, label) -> {
            now[0] = now[0].plus(Duration.ofMinutes(4));
            return new Shrinker.Outcome(showsTheBug(candidate) ? Set.of("durability") : Set.of(), "dir");
        };
        Shrinker.Result result =
                new Shrinker(Set.of("durability"), Duration.ofMinutes(10), attempt, clock).shrink(plan());
        assertEquals(3, result.runs());
        assertTrue(result.budgetSpent());
        assertTrue(showsTheBug(result.minimal()));
    }
}
