package dev.gameday.canary;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;

/**
 * The names of the workload's hot register keys. Where the system tells which of its replication groups a name
 * lands in, the names are chosen so that the groups share them evenly: a group none of them lands in never has a
 * read checked for linearizability (on the store, r0..r9 over four partitions left one group without any, and
 * r0..r23 gave it one key of 24). Otherwise they are {@code r0..r(N-1)}.
 */
public record RegisterKeys(List<String> names) {
    /** How many names past the count a spread may try before it concludes a group is unreachable. */
    private static final int CANDIDATES_PER_KEY = 10_000;

    public RegisterKeys {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a workload needs at least one register key");
        }
        names = List.copyOf(names);
    }

    /** {@code r0..r(count-1)}, for a system whose placement the harness does not know (or that has one group). */
    public static RegisterKeys plain(int count) {
        return new RegisterKeys(
                IntStream.range(0, count).mapToObj(RegisterKeys::candidate).toList());
    }

    /**
     * The first {@code count} names {@code r<i>} that give each of {@code groups} groups {@code count / groups} keys
     * (and {@code count % groups} of them one more), where {@code groupOf} says which group a name lands in. With
     * fewer keys than groups, every key is in a group of its own.
     */
    public static RegisterKeys spread(int count, int groups, ToIntFunction<String> groupOf) {
        int[] taken = new int[groups];
        int fewest = count / groups;
        int extrasLeft = count % groups;
        List<String> names = new ArrayList<>(count);
        for (int i = 0; names.size() < count; i++) {
            if (i >= CANDIDATES_PER_KEY * count) {
                throw new IllegalStateException("no name r0..r" + (i - 1) + " lands in some of the " + groups
                        + " groups; names found: " + names);
            }
            String name = candidate(i);
            int group = groupOf.applyAsInt(name);
            if (taken[group] < fewest) {
                taken[group]++;
                names.add(name);
            } else if (taken[group] == fewest && extrasLeft > 0) {
                taken[group]++;
                extrasLeft--;
                names.add(name);
            }
        }
        return new RegisterKeys(names);
    }

    public int count() {
        return names.size();
    }

    public String get(int index) {
        return names.get(index);
    }

    private static String candidate(int i) {
        return "r" + i;
    }
}
