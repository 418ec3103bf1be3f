package dev.gameday.cluster;

import dev.gameday.faultfs.DirectoryEntries;
import java.util.Arrays;

/**
 * What a power-off does to a storage node ({@code ./gameday run --power-off}).
 */
public enum PowerOffMode {
    /**
     * SIGKILL, then a power loss on the node's fault filesystem (harness/faultfs): every write the node had not
     * fsynced is dropped, and every directory entry change no fsync had committed, as on a journaling
     * filesystem (ext4, XFS). What a power-off of the Gameday store is unless the run says otherwise.
     */
    POWER_LOSS("power-loss", DirectoryEntries.JOURNALED),
    /**
     * A power loss under POSIX's minimum: a directory entry change survives only if its own directory was
     * synced. Finds code that relies on a journal's ordering (Ratis 3.2.0 does: see {@link DirectoryEntries}).
     */
    POWER_LOSS_POSIX("power-loss-posix", DirectoryEntries.DIRECTORY_SYNC),
    /**
     * SIGKILL only; the host's page cache keeps unsynced writes. The power-off of systems whose members have no fault
     * filesystem (etcd, the example system), and of the store on request ({@code --power-off sigkill}), to compare.
     */
    SIGKILL("sigkill", DirectoryEntries.JOURNALED);

    private final String cliName;
    private final DirectoryEntries directoryEntries;

    PowerOffMode(String cliName, DirectoryEntries directoryEntries) {
        this.cliName = cliName;
        this.directoryEntries = directoryEntries;
    }

    public String cliName() {
        return cliName;
    }

    /** Whether a power-off drops what the node had not synced (the fault filesystem's power loss). */
    public boolean losesUnsyncedWrites() {
        return this != SIGKILL;
    }

    /** When the fault filesystem treats a directory entry change as durable. */
    public DirectoryEntries directoryEntries() {
        return directoryEntries;
    }

    /**
     * What a SIGKILL power-off says it did to {@code node} among the fault's changes (nemesis.log, results.json), so
     * a run's records show which kind of power-off it had, whichever system it ran.
     */
    public static String sigkillChange(String node) {
        return node + ": " + SIGKILL.cliName + ": process killed, unsynced writes kept by the host's page cache";
    }

    public static PowerOffMode fromCli(String name) {
        return Arrays.stream(values())
                .filter(m -> m.cliName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--power-off must be one of "
                        + Arrays.stream(values()).map(PowerOffMode::cliName).toList() + ", got " + name));
    }
}
