package dev.gameday.experiment;

/**
 * Canary traffic. Every AZ sends {@code ratePerAz} ops/s, spread over the router endpoints. Register
 * ops (read, write, cas) go to a small hot set of {@code registerKeys} keys so the linearizability
 * checker has contention to judge; unique writes each put a fresh item so the durability checker can
 * account for every acknowledged write.
 */
public record Workload(String table, Double ratePerAz, Integer registerKeys, Mix mix, ItemBytes itemBytes) {

    /** Relative weights of the op kinds; they need not add up to 100. */
    public record Mix(Integer read, Integer write, Integer cas, Integer uniqueWrite) {
        public int total() {
            return n(read) + n(write) + n(cas) + n(uniqueWrite);
        }

        private static int n(Integer weight) {
            return weight == null ? 0 : weight;
        }
    }

    /** Size range of the payload attribute of written items, in bytes. */
    public record ItemBytes(Integer min, Integer max) {}
}
