package dev.gameday.store.server.incident;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.store.api.incident.Incident;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage corruptions this node detected (served by GET /incidents), kept in a file of the node's data directory
 * so that they outlive its restarts: a node powered off again between a detection and the final scrub (a second
 * at-rest corruption drawn on the same node) lost the first one, and the scrub called that corruption undetected.
 *
 * <p>One corruption is often seen several times before it is repaired (a read hits the bad block, then scrub's
 * checksum verification, then the next scrub again), so while an incident of the same kind on the same group
 * and replica is still unrepaired, a new detection adds nothing: the harness counts corruptions, not sightings.
 */
public final class Incidents {
    private static final Logger LOG = LoggerFactory.getLogger(Incidents.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Incident> incidents = new ArrayList<>();
    /** Where they are kept; null for incidents held in memory only (tests). */
    private final Path file;

    /** Incidents held in memory only. */
    public Incidents() {
        this.file = null;
    }

    private Incidents(Path file, List<Incident> earlier) {
        this.file = file;
        incidents.addAll(earlier);
    }

    /** The incidents kept in {@code file} (none if it does not exist yet), kept there from now on. */
    public static Incidents keptIn(Path file) throws IOException {
        List<Incident> earlier =
                Files.exists(file) ? JSON.readValue(file.toFile(), new TypeReference<List<Incident>>() {}) : List.of();
        if (!earlier.isEmpty()) {
            LOG.info("{} incident(s) from earlier starts in {}", earlier.size(), file);
        }
        return new Incidents(file, earlier);
    }

    /** Records a detection; returns false when it only repeated a still unrepaired incident. */
    public synchronized boolean detected(String kind, String group, String replica, String detail) {
        if (isUnrepaired(kind, group, replica)) {
            return false;
        }
        incidents.add(new Incident(kind, group, replica, System.currentTimeMillis(), detail, false, null));
        save();
        LOG.error("{} corruption detected in {} (replica {}): {}", kind, group, replica, detail);
        return true;
    }

    /** Whether an incident of this kind on this group and replica is still unrepaired (maybe from an earlier start). */
    public synchronized boolean isUnrepaired(String kind, String group, String replica) {
        return incidents.stream().anyMatch(i -> !i.repaired() && i.concerns(kind, group, replica));
    }

    /** Marks every unrepaired incident of this kind on this group and replica repaired; returns how many. */
    public synchronized int repaired(String kind, String group, String replica) {
        int n = 0;
        long now = System.currentTimeMillis();
        for (int k = 0; k < incidents.size(); k++) {
            Incident i = incidents.get(k);
            if (!i.repaired() && i.concerns(kind, group, replica)) {
                incidents.set(k, i.markRepaired(now));
                n++;
            }
        }
        if (n > 0) {
            save();
            LOG.warn("{} corruption in {} (replica {}) repaired", kind, group, replica);
        }
        return n;
    }

    public synchronized List<Incident> list() {
        return List.copyOf(incidents);
    }

    /** Writes the whole list beside the file, syncs it, renames it into place and syncs the directory. */
    private void save() {
        if (file == null) {
            return;
        }
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try {
            Files.write(next, JSON.writeValueAsBytes(incidents));
            try (FileChannel written = FileChannel.open(next, StandardOpenOption.WRITE)) {
                written.force(true);
            }
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            // The node keeps serving and still reports them until it restarts; an operator sees this line.
            LOG.error("cannot keep incidents in {}: {}", file, e.toString());
        }
    }
}
