package dev.gameday.experiment;

import java.util.Arrays;
import java.util.Locale;

/** Enum constants as experiment files spell them: {@code ONE_WAY} is {@code one-way}. */
final class YamlNames {
    private YamlNames() {}

    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
        for (E value : type.getEnumConstants()) {
            if (of(value).equals(text)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text + "'; one of "
                + Arrays.stream(type.getEnumConstants()).map(YamlNames::of).toList());
    }
}
