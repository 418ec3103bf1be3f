package dev.gameday.store.server.archive;

import java.util.List;

/**
 * Describes one archived segment: which group's entries, the first and last sequence number, how many entries,
 * the SHA-256 of the segment object, and which table partitions its entries belong to ("table/partition").
 */
public record SegmentManifest(
        String group,
        long firstSequence,
        long lastSequence,
        int entries,
        String sha256,
        String segmentKey,
        List<String> partitions) {
    public static String prefix(String group) {
        return "groups/" + group + "/manifests/";
    }

    public static String manifestKey(String group, long first, long last) {
        return prefix(group) + String.format("%020d-%020d.json", first, last);
    }

    /** The first sequence number a manifest key names ("...<first>-<last>.json"). */
    public static long firstSequenceOf(String manifestKey) {
        return Long.parseLong(manifestName(manifestKey).substring(0, 20));
    }

    /** The last sequence number a manifest key names ("...-<last>.json"). */
    public static long lastSequenceOf(String manifestKey) {
        return Long.parseLong(manifestName(manifestKey).substring(21, 41));
    }

    private static String manifestName(String manifestKey) {
        String name = manifestKey.substring(manifestKey.lastIndexOf('/') + 1);
        if (!name.matches("\\d{20}-\\d{20}\\.json")) {
            throw new ArchiveValidationException("not a manifest key: " + manifestKey);
        }
        return name;
    }

    public static String segmentKey(String group, long first, long last) {
        return "groups/" + group + "/segments/" + String.format("%020d-%020d.seg", first, last);
    }
}
