package dev.gameday.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Disk corruption in one replica, or in the archive:
 * <pre>
 *   corrupt: {where: item-files, how: flip-bits, when: live}     # RocksDB tables of the target node
 *   corrupt: {where: log-tail, how: zero-block, when: at-rest}    # end of the target's Raft log
 *   corrupt: {where: archive, how: flip-bits}                     # one archived segment (no target)
 *   corrupt: {where: item-files, how: flip-bits, when: at-rest, repair: replace-member}   # etcd
 * </pre>
 * At rest, the node is powered off for the fault's duration and its files are changed while it is
 * off; live, the files change under the running process. What was changed (file, offset, bytes) is
 * recorded in nemesis.log and results.json; nothing is undone at the end: the store must find and
 * repair it. A system that repairs nothing itself (etcd) leaves that to its operator: {@code repair} says the
 * harness does the operator's step when the fault ends ({@link Repair}); without it, nobody repairs anything.
 */
public record CorruptionSpec(Where where, How how, When when, Repair repair) {

    public CorruptionSpec {
        when = when == null ? When.LIVE : when;
    }

    /** A corruption that nobody but the system itself repairs. */
    public CorruptionSpec(Where where, How how, When when) {
        this(where, how, when, null);
    }

    public enum Where {
        ITEM_FILES,
        LOG_TAIL,
        ARCHIVE;

        @JsonCreator
        public static Where fromYaml(String text) {
            return YamlNames.parse(Where.class, text, "corruption place");
        }

        @JsonValue
        public String yamlName() {
            return YamlNames.of(this);
        }
    }

    /** flip-bits: 8 single bits in a 4 KiB block; zero-block: one 4 KiB block zeroed; truncate: the last 4 KiB cut. */
    public enum How {
        FLIP_BITS,
        ZERO_BLOCK,
        TRUNCATE;

        @JsonCreator
        public static How fromYaml(String text) {
            return YamlNames.parse(How.class, text, "corruption kind");
        }

        @JsonValue
        public String yamlName() {
            return YamlNames.of(this);
        }
    }

    public enum When {
        LIVE,
        AT_REST;

        @JsonCreator
        public static When fromYaml(String text) {
            return YamlNames.parse(When.class, text, "corruption timing");
        }

        @JsonValue
        public String yamlName() {
            return YamlNames.of(this);
        }
    }

    /**
     * The operator's repair the harness does when the fault ends, for a system whose runbook prescribes one.
     * {@code replace-member}: once the system has detected the corruption (the member exited, or the system raised
     * its alarm), the member is removed from the cluster, its data directory moved aside, and it is added again
     * empty under its name and address, to be copied from the others (etcd's "replace a corrupted member").
     * Explicit in the file, not implied by the system: a run without it shows what the system does on its own.
     */
    public enum Repair {
        REPLACE_MEMBER;

        @JsonCreator
        public static Repair fromYaml(String text) {
            return YamlNames.parse(Repair.class, text, "corruption repair");
        }

        @JsonValue
        public String yamlName() {
            return YamlNames.of(this);
        }
    }

    @Override
    public String toString() {
        return YamlNames.of(how) + " in " + YamlNames.of(where) + " (" + YamlNames.of(when) + ")"
                + (repair == null ? "" : ", then " + YamlNames.of(repair));
    }
}
