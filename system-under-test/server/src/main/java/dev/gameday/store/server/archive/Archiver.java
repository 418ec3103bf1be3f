package dev.gameday.store.server.archive;

import dev.gameday.store.api.config.ArchiveConfig;
import dev.gameday.store.api.config.ClusterConfig;
import dev.gameday.store.api.config.ReplicationGroups;
import dev.gameday.store.server.admin.Counters;
import dev.gameday.store.server.message.DataCommand;
import dev.gameday.store.server.meta.TableDirectory;
import dev.gameday.store.server.meta.TableRoute;
import dev.gameday.store.server.raft.RaftGroups;
import dev.gameday.store.server.storage.SequencedRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Cuts the committed write entries of the groups this node leads into segments and uploads them with a
 * manifest. Before an upload every entry must belong to a table partition that the partition map assigns to
 * this group, carry a matching CRC32C and continue the archived sequence with no hole; otherwise nothing is
 * uploaded and the failure is counted. Uploads carry Content-MD5, which the object store verifies.
 *
 * <p>Any replica could archive (all hold the same numbered entries); only the leader does, so one writer at a
 * time extends a group's archive. A leader lists the group's manifests when its term starts, so it continues
 * where the previous leader stopped.
 */
public final class Archiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);

    private final ArchiveConfig config;
    private final RaftGroups raftGroups;
    private final ArchiveSource node;
    private final Counters counters;
    private final TableDirectory tables;
    private final S3Client s3;
    private final ArchiveReader reader;
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "archiver");
        t.setDaemon(true);
        return t;
    });

    /** How far this node archived a group while leading it in {@code term}. */
    private record Progress(long term, long archivedUpTo) {}

    /**
     * @param tables the partition map, read from the metadata group: most nodes of a larger cluster host no
     *               metadata replica, so their own state machines cannot tell which group owns a partition
     */
    public Archiver(
            ClusterConfig cluster,
            RaftGroups raftGroups,
            ArchiveSource node,
            Counters counters,
            TableDirectory tables) {
        this.config = cluster.archive();
        this.raftGroups = raftGroups;
        this.node = node;
        this.counters = counters;
        this.tables = tables;
        this.s3 = ArchiveS3.client(config);
        this.reader = new ArchiveReader(s3, config.bucket());
    }

    public void start() {
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        flushLedGroups();
                    } catch (RuntimeException e) {
                        LOG.warn("archive round failed: {}", e.toString());
                    }
                },
                config.flushIntervalMillis(),
                config.flushIntervalMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Archives everything applied so far in each group this node leads; returns the archived-up-to per group. */
    public synchronized Map<String, Long> flushLedGroups() {
        Map<String, Long> archived = new TreeMap<>();
        for (String group : raftGroups.dataGroupNames()) {
            Optional<ArchiveLog> replica = node.archiveLog(group);
            if (replica.isPresent() && node.isLeader(group)) {
                archived.put(group, flushGroup(group, replica.get()));
            }
        }
        return archived;
    }

    private long flushGroup(String group, ArchiveLog replica) {
        // Trust our own progress only within one leadership term: another leader may have archived in between.
        long term = node.term(group);
        Progress known = progress.get(group);
        long upTo = known != null && known.term() == term ? known.archivedUpTo() : reader.archivedUpTo(group);
        progress.put(group, new Progress(term, upTo));
        while (true) {
            List<SequencedRecord> records = replica.archiveRecords(upTo + 1, config.segmentMaxEntries());
            if (records.isEmpty()) {
                return upTo;
            }
            upload(group, records, checkedPartitions(group, upTo + 1, records));
            upTo = records.get(records.size() - 1).sequence();
            progress.put(group, new Progress(term, upTo));
        }
    }

    /** Validates records about to be uploaded; returns the table partitions ("table/partition") they belong to. */
    private List<String> checkedPartitions(String group, long expectedFirst, List<SequencedRecord> records) {
        TreeSet<String> partitions = new TreeSet<>();
        try {
            List<DataCommand.Write> writes = ArchiveChecks.intactAndContiguous(group, expectedFirst, records);
            for (int i = 0; i < writes.size(); i++) {
                partitions.add(checkOwner(group, records.get(i).sequence(), writes.get(i)));
            }
        } catch (ArchiveValidationException e) {
            counters.increment("archive.validation_failures");
            throw e;
        }
        return List.copyOf(partitions);
    }

    /**
     * Repairs the group's archive: every segment whose manifest or object fails validation is uploaded again
     * (segment and manifest, same keys) from this replica's archive_log, which holds every write entry the
     * segment held. Only the group's leader does it, so a group's archive still has one writer at a time.
     * Returns the keys of the segments uploaded again.
     */
    public synchronized List<String> reupload(String group) {
        ArchiveLog replica = node.archiveLog(group)
                .orElseThrow(() -> new IllegalArgumentException("this node hosts no replica of " + group));
        if (!node.isLeader(group)) {
            throw new IllegalArgumentException("this node does not lead " + group + "; ask its leader");
        }
        List<String> reuploaded = new ArrayList<>();
        for (String manifestKey : reader.manifestKeys(group)) {
            try {
                reader.segment(reader.manifest(manifestKey));
                continue;
            } catch (ArchiveValidationException e) {
                LOG.warn("re-uploading {} from the archive_log of this replica: {}", manifestKey, e.getMessage());
            }
            long first = SegmentManifest.firstSequenceOf(manifestKey);
            long last = SegmentManifest.lastSequenceOf(manifestKey);
            List<SequencedRecord> records = replica.archiveRecords(first, Math.toIntExact(last - first + 1));
            if (records.isEmpty() || records.get(records.size() - 1).sequence() != last) {
                throw new IllegalStateException(group + ": this replica's archive_log does not hold entries " + first
                        + ".." + last + " of " + manifestKey);
            }
            upload(group, records, checkedPartitions(group, first, records));
            counters.increment("archive.segments_reuploaded");
            reuploaded.add(SegmentManifest.segmentKey(group, first, last));
        }
        return reuploaded;
    }

    private String checkOwner(String group, long sequence, DataCommand.Write write) {
        TableRoute route = tables.find(write.table()).orElse(null);
        if (route == null
                || write.partition() < 0
                || write.partition() >= route.groupOfPartition().size()
                || route.group(write.partition()) != ReplicationGroups.dataGroupIndex(group)) {
            throw new ArchiveValidationException(group + ": entry " + sequence + " for " + write.table() + "/"
                    + write.partition() + " does not belong to this group per the partition map");
        }
        return write.table() + "/" + write.partition();
    }

    private void upload(String group, List<SequencedRecord> records, List<String> partitions) {
        long first = records.get(0).sequence();
        long last = records.get(records.size() - 1).sequence();
        byte[] segment = Segment.encode(records);
        SegmentManifest manifest = new SegmentManifest(
                group,
                first,
                last,
                records.size(),
                Segment.sha256(segment),
                SegmentManifest.segmentKey(group, first, last),
                partitions);
        put(manifest.segmentKey(), segment);
        try {
            // The manifest goes last: a segment without a manifest is invisible and is simply uploaded again.
            put(SegmentManifest.manifestKey(group, first, last), ArchiveReader.JSON.writeValueAsBytes(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        counters.increment("archive.segments_uploaded");
        LOG.debug("archived {} entries {}..{}", group, first, last);
    }

    private void put(String key, byte[] bytes) {
        String md5 = Base64.getEncoder().encodeToString(Segment.digest("MD5", bytes));
        s3.putObject(
                b -> b.bucket(config.bucket()).key(key).contentMD5(md5).contentLength((long) bytes.length),
                RequestBody.fromBytes(bytes));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        s3.close();
    }
}
