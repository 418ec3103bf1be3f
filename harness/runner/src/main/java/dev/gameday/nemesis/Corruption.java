package dev.gameday.nemesis;

import dev.gameday.experiment.CorruptionSpec;

/**
 * Exactly what one corruption changed: which replica (null for the archive) of which replication
 * group, which file, where and how many bytes. Scrub must detect and repair each one.
 */
public record Corruption(
        int faultId,
        String node,
        String group,
        CorruptionSpec.Where where,
        CorruptionSpec.How how,
        String file,
        long offset,
        long length) {

    @Override
    public String toString() {
        String change = switch (how) {
            case FLIP_BITS -> "8 bits flipped in the " + length + " bytes at offset " + offset;
            case ZERO_BLOCK -> length + " bytes zeroed at offset " + offset;
            case TRUNCATE -> "truncated to " + offset + " bytes (" + length + " cut)";
        };
        return change + " of " + file + " (" + where.yamlName() + " of " + group + (node == null ? "" : " on " + node)
                + ")";
    }
}
