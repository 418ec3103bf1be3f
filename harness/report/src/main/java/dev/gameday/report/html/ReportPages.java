package dev.gameday.report.html;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages every run leaves, from {@code ./gameday run} and from the JUnit suite alike: the run's report.html and
 * the runs folder's index.html.
 * They are for reading, not judging: a page that cannot be written is logged and never changes a verdict or an
 * exit code.
 */
public final class ReportPages {
    private static final Logger log = LoggerFactory.getLogger(ReportPages.class);

    private ReportPages() {}

    /**
     * @param runDir the run's directory; null when the run left none to report on (only the index is refreshed)
     * @return the run's report.html, or the run directory when the report could not be written
     */
    public static Path refresh(Path runDir, Path root) {
        Path shown = runDir;
        if (runDir != null) {
            try {
                shown = RunReport.write(runDir);
            } catch (Exception | LinkageError e) {
                log.warn(
                        "could not write report.html in {} (the verdict stands; retry with ./gameday report {}): {}",
                        runDir,
                        runDir,
                        e.toString());
            }
        }
        try {
            RunsIndexPage.write(root);
        } catch (Exception | LinkageError e) {
            log.warn("could not refresh {}/index.html (retry with ./gameday index {}): {}", root, root, e.toString());
        }
        return shown;
    }
}
