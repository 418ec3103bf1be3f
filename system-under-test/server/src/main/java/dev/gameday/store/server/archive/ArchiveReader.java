package dev.gameday.store.server.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.store.server.storage.SequencedRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads a group's archive back: manifests in sequence order, each segment checked against its manifest
 * (SHA-256, entry count, first/last sequence), every entry's CRC32C, and no hole or overlap from sequence 1 on.
 */
public final class ArchiveReader {
  static final ObjectMapper JSON = new ObjectMapper();

  private final S3Client s3;
  private final String bucket;

  public ArchiveReader(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  public List<SegmentManifest> manifests(String group) {
    List<SegmentManifest> out = new ArrayList<>();
    ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket)
        .prefix(SegmentManifest.prefix(group)).build();
    for (S3Object o : s3.listObjectsV2Paginator(request).contents()) {
      try {
        out.add(JSON.readValue(s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray(),
            SegmentManifest.class));
      } catch (IOException e) {
        throw new UncheckedIOException("bad manifest " + o.key(), e);
      }
    }
    out.sort(Comparator.comparingLong(SegmentManifest::firstSequence));
    return out;
  }

  /**
   * The last archived sequence number of the group (0 when nothing is archived yet), from the manifest keys
   * alone (they name first and last sequence), so it costs one listing and no downloads.
   */
  public long archivedUpTo(String group) {
    long upTo = 0;
    ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket)
        .prefix(SegmentManifest.prefix(group)).build();
    for (S3Object o : s3.listObjectsV2Paginator(request).contents()) {
      upTo = Math.max(upTo, SegmentManifest.lastSequenceOf(o.key()));
    }
    return upTo;
  }

  /** All archived entries of the group from sequence 1, validated; throws ArchiveValidationException. */
  public List<SequencedRecord> readAll(String group) {
    List<SequencedRecord> out = new ArrayList<>();
    long expected = 1;
    for (SegmentManifest m : manifests(group)) {
      byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(m.segmentKey())).asByteArray();
      String actual = Segment.sha256(bytes);
      if (!actual.equals(m.sha256())) {
        throw new ArchiveValidationException(m.segmentKey() + ": SHA-256 " + actual + " != manifest " + m.sha256());
      }
      List<SequencedRecord> records = Segment.decode(bytes, m.segmentKey());
      if (records.size() != m.entries() || records.isEmpty()
          || records.get(0).sequence() != m.firstSequence()
          || records.get(records.size() - 1).sequence() != m.lastSequence()) {
        throw new ArchiveValidationException(m.segmentKey() + ": entries do not match manifest " + m);
      }
      ArchiveChecks.intactAndContiguous(m.segmentKey(), expected, records);
      out.addAll(records);
      expected = m.lastSequence() + 1;
    }
    return out;
  }
}
