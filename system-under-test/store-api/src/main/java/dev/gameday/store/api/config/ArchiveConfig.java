package dev.gameday.store.api.config;

import java.nio.file.Path;

/**
 * The S3-compatible archive: where the archive-store process listens and keeps its files, the bucket and
 * credentials uploads use, and how entries are cut into segments.
 */
public record ArchiveConfig(
        String host,
        int port,
        int adminPort,
        Path dataDir,
        String bucket,
        String accessKey,
        String secretKey,
        int segmentMaxEntries,
        long flushIntervalMillis) {
    public String endpointUrl() {
        return "http://" + host + ":" + port;
    }

    public String adminUrl() {
        return "http://" + host + ":" + adminPort;
    }
}
