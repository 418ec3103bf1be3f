package dev.gameday.canary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RegisterKeysTest {

    /** A placement that, like a hash, fills some groups long before others: r3 is the first name in group 2. */
    private static final ToIntFunction<String> SKEWED = name -> {
        int i = Integer.parseInt(name.substring(1));
        return i % 3 == 0 && i > 0 ? 2 : i % 2;
    };

    private static Map<Integer, Long> perGroup(RegisterKeys keys, ToIntFunction<String> groupOf) {
        return keys.names().stream().collect(Collectors.groupingBy(groupOf::applyAsInt, Collectors.counting()));
    }

    @Test
    void plainNamesAreTheFirstCount() {
        assertEquals(List.of("r0", "r1", "r2"), RegisterKeys.plain(3).names());
    }

    @Test
    void aSpreadGivesEveryGroupItsShareWhateverThePlacement() {
        RegisterKeys four = RegisterKeys.spread(4, 3, SKEWED);
        assertEquals(List.of("r0", "r1", "r2", "r3"), four.names());
        assertEquals(Map.of(0, 2L, 1, 1L, 2, 1L), perGroup(four, SKEWED));

        RegisterKeys six = RegisterKeys.spread(6, 3, SKEWED);
        assertEquals(Map.of(0, 2L, 1, 2L, 2, 2L), perGroup(six, SKEWED));
        assertEquals(6, six.names().stream().distinct().count());
    }

    @Test
    void fewerKeysThanGroupsPutEachKeyInAGroupOfItsOwn() {
        RegisterKeys two = RegisterKeys.spread(2, 3, SKEWED);
        assertEquals(List.of("r0", "r1"), two.names());
        perGroup(two, SKEWED).values().forEach(n -> assertEquals(1L, n));
    }

    @Test
    void aGroupNoNameReachesIsNamedNotLoopedOnForever() {
        var e = assertThrows(IllegalStateException.class, () -> RegisterKeys.spread(3, 3, name -> 0));
        assertTrue(e.getMessage().contains("3 groups"), e.getMessage());
    }
}
