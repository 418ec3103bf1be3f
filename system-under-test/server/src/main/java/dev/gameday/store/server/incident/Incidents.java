package dev.gameday.store.server.incident;

import dev.gameday.store.api.incident.Incident;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage corruptions this node detected since it started (served by GET /incidents).
 *
 * <p>One corruption is often seen several times before it is repaired (a read hits the bad block, then scrub's
 * checksum verification, then the next scrub again), so while an incident of the same kind on the same group
 * and replica is still unrepaired, a new detection adds nothing: the harness counts corruptions, not sightings.
 */
public final class Incidents {
    private static final Logger LOG = LoggerFactory.getLogger(Incidents.class);

    private final List<Incident> incidents = new ArrayList<>();

    /** Records a detection; returns false when it only repeated a still unrepaired incident. */
    public synchronized boolean detected(String kind, String group, String replica, String detail) {
        for (Incident i : incidents) {
            if (!i.repaired() && i.concerns(kind, group, replica)) {
                return false;
            }
        }
        incidents.add(new Incident(kind, group, replica, System.currentTimeMillis(), detail, false, null));
        LOG.error("{} corruption detected in {} (replica {}): {}", kind, group, replica, detail);
        return true;
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
            LOG.warn("{} corruption in {} (replica {}) repaired", kind, group, replica);
        }
        return n;
    }

    public synchronized List<Incident> list() {
        return List.copyOf(incidents);
    }
}
