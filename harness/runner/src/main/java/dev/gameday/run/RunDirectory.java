package dev.gameday.run;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where one run leaves its files: {@code ROOT/NAME/TIMESTAMP/} (ROOT is normally
 * {@code target/gameday}), with {@code ROOT/NAME/latest} a relative symlink to the newest run.
 * Timestamps are UTC and sort as text; two runs in the same second get {@code -2}, {@code -3}, ...
 */
public final class RunDirectory {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path dir;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** Creates the run's directory and points {@code latest} at it. */
    public static RunDirectory create(Path root, String experimentName, Instant startedAt) throws IOException {
        Path experimentDir = Files.createDirectories(root.resolve(experimentName));
        String stamp = STAMP.format(startedAt);
        Path dir = null;
        for (int attempt = 1; dir == null; attempt++) {
            try {
                dir = Files.createDirectory(experimentDir.resolve(attempt == 1 ? stamp : stamp + "-" + attempt));
            } catch (FileAlreadyExistsException taken) {
                if (attempt >= 100) {
                    throw taken;
                }
            }
        }
        pointLatestAt(experimentDir, dir.getFileName());
        return new RunDirectory(dir);
    }

    /** Replaces the link atomically (new link beside it, then rename), so {@code latest} always resolves. */
    private static void pointLatestAt(Path experimentDir, Path runName) throws IOException {
        Path latest = experimentDir.resolve("latest");
        Path fresh = experimentDir.resolve("latest." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(fresh);
        Files.createSymbolicLink(fresh, runName);
        Files.move(fresh, latest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public Path dir() {
        return dir;
    }

    public Path history() {
        return dir.resolve("history.edn");
    }

    public Path results() {
        return dir.resolve("results.json");
    }

    public Path nemesisLog() {
        return dir.resolve("nemesis.log");
    }

    /** The log of one container (storage node, router, proxy), e.g. {@code az1-storage-1.log}. */
    public Path containerLog(String member) {
        if (!member.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("not a member name usable as a file name: '" + member + "'");
        }
        return dir.resolve(member + ".log");
    }
}
