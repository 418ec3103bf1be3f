package dev.gameday.store.server.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.store.api.config.ArchiveConfig;
import dev.gameday.store.server.local.ClusterLayout;
import dev.gameday.store.server.message.DataCommand;
import dev.gameday.store.server.message.Envelope;
import dev.gameday.store.server.storage.SequencedRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Segments uploaded to a real S3-compatible archive store (in-process), read back as scrub reads them. */
class ArchiveReaderTest {
    @TempDir
    Path dir;

    private ArchiveStoreServer server;
    private S3Client s3;
    private ArchiveReader reader;

    @BeforeEach
    void start() throws Exception {
        // Ports below the ephemeral range, distinct: two new ServerSocket(0) ports can be one port, or be taken by an
        // outgoing connection before the server binds them (see ClusterLayout.freePort).
        ArchiveConfig config = new ArchiveConfig(
                "127.0.0.1",
                ClusterLayout.freePort(),
                ClusterLayout.freePort(),
                dir.resolve("archive"),
                "bucket",
                "archiver",
                "secret-key-of-the-test",
                256,
                1000);
        server = new ArchiveStoreServer(config);
        server.start();
        s3 = ArchiveS3.client(config);
        reader = new ArchiveReader(s3, "bucket");
    }

    @AfterEach
    void stop() {
        s3.close();
        server.close();
    }

    private static SequencedRecord record(long seq, byte payload) {
        byte[] framed = Envelope.seal(new DataCommand.Write("t", 0, new byte[] {payload, (byte) seq}).encode())
                .getContent()
                .toByteArray();
        return new SequencedRecord(seq, framed);
    }

    private void upload(long first, long last, byte payload) throws IOException {
        List<SequencedRecord> records = LongStream.rangeClosed(first, last)
                .mapToObj(s -> record(s, payload))
                .toList();
        byte[] segment = Segment.encode(records);
        SegmentManifest manifest = new SegmentManifest(
                "g",
                first,
                last,
                records.size(),
                Segment.sha256(segment),
                SegmentManifest.segmentKey("g", first, last),
                List.of("t/0"));
        put(manifest.segmentKey(), segment);
        put(SegmentManifest.manifestKey("g", first, last), ArchiveReader.JSON.writeValueAsBytes(manifest));
    }

    private void put(String key, byte[] bytes) {
        String md5 = Base64.getEncoder().encodeToString(Segment.digest("MD5", bytes));
        s3.putObject(b -> b.bucket("bucket").key(key).contentMD5(md5), RequestBody.fromBytes(bytes));
    }

    private static List<Long> sequences(List<SequencedRecord> records) {
        List<Long> out = new ArrayList<>();
        records.forEach(r -> out.add(r.sequence()));
        return out;
    }

    @Test
    void twoLeadersArchivingTheSameCommittedEntriesReadBackOnce() throws IOException {
        upload(1, 4, (byte) 1);
        upload(5, 6, (byte) 1); // the old leader, before it heard of the new term
        upload(5, 9, (byte) 1); // the new leader, from what the archive held when it took over
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), sequences(reader.readAll("g")));
    }

    @Test
    void anOverlapThatDiffersAndAHoleAreCorruption() throws IOException {
        upload(1, 4, (byte) 1);
        upload(3, 6, (byte) 2);
        ArchiveValidationException differs = assertThrows(ArchiveValidationException.class, () -> reader.readAll("g"));
        assertTrue(
                differs.getMessage().contains("entry 3 differs from the copy archived before it"),
                differs.getMessage());

        upload(8, 9, (byte) 2);
        s3.deleteObject(b -> b.bucket("bucket").key(SegmentManifest.manifestKey("g", 3, 6)));
        ArchiveValidationException hole = assertThrows(ArchiveValidationException.class, () -> reader.readAll("g"));
        assertTrue(hole.getMessage().contains("starts at sequence 8, expected 5"), hole.getMessage());
    }
}
