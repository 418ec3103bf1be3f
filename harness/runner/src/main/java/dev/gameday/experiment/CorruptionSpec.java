package dev.gameday.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Disk corruption in one replica, or in the archive:
 * <pre>
 *   corrupt: {where: item-files, how: flip-bits, when: live}     # RocksDB tables of the target node
 *   corrupt: {where: log-tail, how: zero-block, when: at-rest}    # end of the target's Raft log
 *   corrupt: {where: archive, how: flip-bits}                     # one archived segment (no target)
 * </pre>
 * At rest, the node is powered off for the fault's duration and its files are changed while it is
 * off; live, the files change under the running process. What was changed (file, offset, bytes) is
 * recorded in nemesis.log and results.json; nothing is undone at the end: the store must find and
 * repair it.
 */
public record CorruptionSpec(Where where, How how, When when) {

    public CorruptionSpec {
        when = when == null ? When.LIVE : when;
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

    @Override
    public String toString() {
        return YamlNames.of(how) + " in " + YamlNames.of(where) + " (" + YamlNames.of(when) + ")";
    }
}
