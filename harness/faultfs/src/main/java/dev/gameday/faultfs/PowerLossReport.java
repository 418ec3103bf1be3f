package dev.gameday.faultfs;

import java.util.ArrayList;
import java.util.List;

/**
 * What one power loss dropped: per file the bytes written since its last fsync (now gone, apart from a torn
 * write's kept prefix), and the directory entry changes reverted because their directory was not synced.
 */
public record PowerLossReport(List<FileLoss> files, List<String> revertedEntries) {

    /** One file's loss; {@code path} is inside the mount, or "trash:N" for a file unlinked before the cut. */
    public record FileLoss(String path, long unsyncedBytes, long tornBytesKept) {}

    public long unsyncedBytes() {
        return files.stream().mapToLong(FileLoss::unsyncedBytes).sum();
    }

    /** One line per file and per reverted entry, for nemesis.log. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("dropped " + unsyncedBytes() + " unsynced bytes in " + files.size() + " files, reverted "
                + revertedEntries.size() + " directory entries");
        for (FileLoss loss : files) {
            lines.add("  " + loss.path + ": " + loss.unsyncedBytes + " unsynced bytes dropped"
                    + (loss.tornBytesKept > 0
                            ? " (torn: first " + loss.tornBytesKept + " bytes of the last write kept)"
                            : ""));
        }
        for (String entry : revertedEntries) {
            lines.add("  reverted " + entry);
        }
        return lines;
    }
}
