package dev.gameday.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.List;

/**
 * A sick disk under the target nodes' data directories, served by the fault filesystem:
 * <pre>
 *   disk: {kind: slow, files: raft-log, ops: [fsync], latency: 200ms, jitter: 50ms}
 *   disk: {kind: errors, files: item-files, ops: [read], probability: 0.01}   # EIO
 *   disk: {kind: fsync-gate, files: raft-log}   # each file's next fsync fails once (EIO), later ones "succeed"
 *   disk: {kind: full, afterBytes: 4MB}         # ENOSPC once the node wrote that much more
 * </pre>
 * {@code files} picks the store's files by what they are (default all of them); {@code ops} defaults to every
 * operation the kind applies to. It all ends with the fault, except what it already did: data whose fsync failed
 * under the fsync gate is not durable afterwards, and the next power loss drops it.
 */
public record DiskSpec(
        Kind kind,
        Files files,
        List<Op> ops,
        Duration latency,
        Duration jitter,
        Double probability,
        String afterBytes) {

    public DiskSpec {
        files = files == null ? Files.ALL : files;
        ops = ops == null || ops.isEmpty()
                ? kind == Kind.FSYNC_GATE ? List.of(Op.FSYNC) : List.of(Op.values())
                : List.copyOf(ops);
    }

    public enum Kind {
        SLOW,
        ERRORS,
        FSYNC_GATE,
        FULL;

        @JsonCreator
        public static Kind fromYaml(String text) {
            return YamlNames.parse(Kind.class, text, "disk fault kind");
        }

        @JsonValue
        public String yamlName() {
            return YamlNames.of(this);
        }
    }

    /** The store's files by what they hold; each is always there on a storage node. */
    public enum Files {
        RAFT_LOG,
        ITEM_FILES,
        ALL;

        @JsonCreator
        public static Files fromYaml(String text) {
            return YamlNames.parse(Files.class, text, "disk file set");
        }

        @JsonValue
        public String yamlName() {
            return YamlNames.of(this);
        }
    }

    public enum Op {
        READ,
        WRITE,
        FSYNC;

        @JsonCreator
        public static Op fromYaml(String text) {
            return YamlNames.parse(Op.class, text, "disk operation");
        }

        @JsonValue
        public String yamlName() {
            return YamlNames.of(this);
        }
    }

    /** {@code afterBytes} in bytes ("4MB", "512KiB", "1000"), or -1 when it does not parse. */
    public long afterBytesValue() {
        return ByteSize.parse(afterBytes);
    }

    @Override
    public String toString() {
        String on = YamlNames.of(files) + " " + ops.stream().map(YamlNames::of).toList();
        return switch (kind == null ? Kind.SLOW : kind) {
            case SLOW -> "slow " + on + " +" + text(latency) + (jitter == null ? "" : " ±" + text(jitter));
            case ERRORS -> "EIO " + on + " p=" + probability;
            case FSYNC_GATE -> "fsync-gate " + YamlNames.of(files);
            case FULL -> "full after " + afterBytes;
        };
    }

    private static String text(Duration d) {
        return d == null ? "?" : DurationText.format(d);
    }

    /** Sizes as people write them in experiment files. */
    static final class ByteSize {
        private ByteSize() {}

        static long parse(String text) {
            if (text == null) {
                return -1;
            }
            String t = text.trim().toUpperCase(java.util.Locale.ROOT);
            long unit = 1;
            for (String[] suffix : new String[][] {
                {"KIB", "1024"},
                {"MIB", "1048576"},
                {"GIB", "1073741824"},
                {"KB", "1000"},
                {"MB", "1000000"},
                {"GB", "1000000000"},
                {"B", "1"}
            }) {
                if (t.endsWith(suffix[0])) {
                    unit = Long.parseLong(suffix[1]);
                    t = t.substring(0, t.length() - suffix[0].length()).trim();
                    break;
                }
            }
            try {
                long n = Long.parseLong(t);
                return n < 0 ? -1 : Math.multiplyExact(n, unit);
            } catch (NumberFormatException | ArithmeticException e) {
                return -1;
            }
        }
    }
}
