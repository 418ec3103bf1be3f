package dev.gameday.canary;

import dev.gameday.experiment.Workload;
import java.util.List;
import java.util.Random;

/**
 * Draws canary commands in the experiment's mix. Register ops use the hot {@link RegisterKeys} and values
 * from a small domain (0-4), so that operations collide and the linearizability checker has real
 * interleavings to judge; unique writes use fresh keys {@code u-NAME-0, u-NAME-1, ...}, each written
 * once, so the durability checker can account for every acknowledged one. Not thread-safe: one per
 * canary loop, seeded from the experiment seed for reproducible traffic.
 */
public final class WorkloadGenerator {
    private static final int REGISTER_VALUES = 5;

    private final Workload workload;
    private final RegisterKeys registerKeys;
    private final Random random;
    private final String uniquePrefix;
    private long uniqueCount;

    /** @param name distinguishes this generator's unique keys from other loops' */
    public WorkloadGenerator(Workload workload, RegisterKeys registerKeys, long seed, String name) {
        this.workload = workload;
        this.registerKeys = registerKeys;
        this.random = new Random(seed);
        this.uniquePrefix = UniqueWrites.KEY_PREFIX + name;
    }

    public Command next() {
        Workload.Mix mix = workload.mix();
        int pick = random.nextInt(mix.total());
        String register = registerKeys.get(random.nextInt(registerKeys.count()));
        if ((pick -= weight(mix.read())) < 0) {
            return new Command("read", register, null, 0);
        }
        if ((pick -= weight(mix.write())) < 0) {
            return new Command("write", register, (long) random.nextInt(REGISTER_VALUES), payloadBytes());
        }
        if (pick - weight(mix.cas()) < 0) {
            return new Command(
                    "cas",
                    register,
                    List.of((long) random.nextInt(REGISTER_VALUES), (long) random.nextInt(REGISTER_VALUES)),
                    payloadBytes());
        }
        return uniqueWrite();
    }

    /** A write of a fresh key (the durability checker accounts for each), whatever the mix. */
    public Command uniqueWrite() {
        long id = uniqueCount++;
        return new Command("write", uniquePrefix + "-" + id, id, payloadBytes());
    }

    private int payloadBytes() {
        Workload.ItemBytes size = workload.itemBytes();
        return size.min() + random.nextInt(size.max() - size.min() + 1);
    }

    private static int weight(Integer w) {
        return w == null ? 0 : w;
    }
}
