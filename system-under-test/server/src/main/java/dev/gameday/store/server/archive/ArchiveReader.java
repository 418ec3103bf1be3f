package dev.gameday.store.server.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.store.server.storage.SequencedRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads a group's archive back: manifests in sequence order, each segment checked against its manifest
 * (SHA-256, entry count, first/last sequence), every entry's CRC32C, and no hole from sequence 1 on. Segments
 * may overlap: for a moment after an election two nodes both lead a group (the old one has not heard of the new
 * term yet) and both archive the committed entries they hold. Committed entries are the same on every replica,
 * so an overlap must repeat the earlier copy byte for byte; anything else is corruption.
 * Every failed check is an {@link ArchiveValidationException} whose message starts with the object's key.
 */
public final class ArchiveReader {
    static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final String bucket;

    public ArchiveReader(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The keys of the group's manifests, in sequence order. */
    public List<String> manifestKeys(String group) {
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(bucket)
                .prefix(SegmentManifest.prefix(group))
                .build();
        List<String> keys = new ArrayList<>(s3.listObjectsV2Paginator(request).contents().stream()
                .map(S3Object::key)
                .toList());
        keys.sort(Comparator.comparingLong(SegmentManifest::firstSequenceOf));
        return keys;
    }

    public List<SegmentManifest> manifests(String group) {
        return manifestKeys(group).stream().map(this::manifest).toList();
    }

    public SegmentManifest manifest(String manifestKey) {
        try {
            return JSON.readValue(download(manifestKey), SegmentManifest.class);
        } catch (IOException e) {
            throw new ArchiveValidationException(manifestKey + ": bad manifest: " + e.getMessage());
        }
    }

    /**
     * The last archived sequence number of the group (0 when nothing is archived yet), from the manifest keys
     * alone (they name first and last sequence), so it costs one listing and no downloads.
     */
    public long archivedUpTo(String group) {
        return manifestKeys(group).stream()
                .mapToLong(SegmentManifest::lastSequenceOf)
                .max()
                .orElse(0);
    }

    /** All archived entries of the group from sequence 1, validated; throws ArchiveValidationException. */
    public List<SequencedRecord> readAll(String group) {
        List<SequencedRecord> out = new ArrayList<>();
        long expected = 1;
        for (String key : manifestKeys(group)) {
            SegmentManifest m = manifest(key);
            if (m.firstSequence() > expected) {
                throw new ArchiveValidationException(
                        m.segmentKey() + ": starts at sequence " + m.firstSequence() + ", expected " + expected
                                + " (entries " + expected + ".." + (m.firstSequence() - 1) + " are missing)");
            }
            for (SequencedRecord r : segment(m)) {
                if (r.sequence() < expected) {
                    // out holds sequences 1..expected-1 in order, so sequence s is at index s-1.
                    if (!Arrays.equals(
                            r.record(), out.get((int) (r.sequence() - 1)).record())) {
                        throw new ArchiveValidationException(m.segmentKey() + ": entry " + r.sequence()
                                + " differs from the copy archived before it");
                    }
                } else {
                    out.add(r);
                    expected = r.sequence() + 1;
                }
            }
        }
        return out;
    }

    /** The entries of one segment, checked against its manifest; throws ArchiveValidationException. */
    public List<SequencedRecord> segment(SegmentManifest m) {
        byte[] bytes = download(m.segmentKey());
        String actual = Segment.sha256(bytes);
        if (!actual.equals(m.sha256())) {
            throw new ArchiveValidationException(m.segmentKey() + ": SHA-256 " + actual + " != manifest " + m.sha256());
        }
        List<SequencedRecord> records = Segment.decode(bytes, m.segmentKey());
        if (records.size() != m.entries()
                || records.isEmpty()
                || records.get(0).sequence() != m.firstSequence()
                || records.get(records.size() - 1).sequence() != m.lastSequence()) {
            throw new ArchiveValidationException(m.segmentKey() + ": entries do not match manifest " + m);
        }
        ArchiveChecks.intactAndContiguous(m.segmentKey(), m.firstSequence(), records);
        return records;
    }

    /**
     * An object's bytes. A missing object, or one whose bytes fail the transfer checksum, is archive corruption;
     * other failures (the store is down) are not, and propagate as they are.
     */
    private byte[] download(String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new ArchiveValidationException(key + ": listed but missing: " + e.getMessage());
        } catch (SdkClientException e) {
            if (String.valueOf(e.getMessage()).toLowerCase().contains("checksum")) {
                throw new ArchiveValidationException(key + ": " + e.getMessage());
            }
            throw e;
        }
    }
}
