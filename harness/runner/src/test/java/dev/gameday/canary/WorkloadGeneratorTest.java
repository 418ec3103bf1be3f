package dev.gameday.canary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.experiment.Workload;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkloadGeneratorTest {
    private static final Workload WORKLOAD =
            new Workload("canary", 10.0, 3, new Workload.Mix(1, 1, 1, 1), new Workload.ItemBytes(100, 200));

    private static List<Command> draw(long seed, int n) {
        WorkloadGenerator generator = new WorkloadGenerator(WORKLOAD, RegisterKeys.plain(3), seed, "az1-via-r1");
        return IntStream.range(0, n).mapToObj(i -> generator.next()).toList();
    }

    @Test
    void followsTheMixAndTheKeySpace() {
        Map<String, Integer> kinds = new HashMap<>();
        Set<String> uniqueKeys = new HashSet<>();
        for (Command c : draw(1, 4000)) {
            boolean unique = UniqueWrites.isUniqueKey(c.key());
            kinds.merge(unique ? "unique" : c.f(), 1, Integer::sum);
            if (unique) {
                assertTrue(uniqueKeys.add(c.key()), "unique keys are written once: " + c.key());
                assertTrue(c.key().startsWith("u-az1-via-r1-"), c.key());
            } else {
                assertTrue(List.of("r0", "r1", "r2").contains(c.key()), c.key());
            }
            if (!c.f().equals("read")) {
                assertTrue(c.payloadBytes() >= 100 && c.payloadBytes() <= 200, "payload " + c.payloadBytes());
            }
        }
        // Equal weights: each kind near 1000 of 4000.
        kinds.values().forEach(count -> assertTrue(count > 850 && count < 1150, kinds.toString()));
        assertEquals(Set.of("read", "write", "cas", "unique"), kinds.keySet());
    }

    @Test
    void casCarriesExpectedAndNewValues() {
        Command cas = draw(2, 200).stream()
                .filter(c -> c.f().equals("cas"))
                .findFirst()
                .orElseThrow();
        assertEquals(2, ((List<?>) cas.value()).size());
    }

    @Test
    void sameSeedSameTraffic() {
        assertEquals(draw(7, 100), draw(7, 100));
        assertNotEquals(draw(7, 100), draw(8, 100));
    }
}
