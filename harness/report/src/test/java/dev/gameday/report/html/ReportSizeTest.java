package dev.gameday.report.html;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A one-hour run's report stays small enough to attach to a ticket and open at once. */
class ReportSizeTest {
    static final long MAX_REPORT_BYTES = 10L << 20;

    @Test
    void aOneHourRunsReportIsUnderTenMegabytes(@TempDir Path root) throws Exception {
        // Nine series at a call per second: 32k calls, 65k history lines (9 MB), every series with data in every
        // second; the report's size depends on the buckets (one per second at most), not on the calls.
        Path run = SyntheticRun.withTwoFaults(3600, 1).withViolations().write(root, "one-hour", "20261205T200000Z");
        long start = System.nanoTime();
        Path report = RunReport.write(run);
        long millis = (System.nanoTime() - start) / 1_000_000;
        long bytes = Files.size(report);
        System.out.printf(
                "one-hour report: %d bytes (%.2f MB) in %d ms; history.edn %d bytes%n",
                bytes, bytes / 1048576.0, millis, Files.size(run.resolve("history.edn")));
        assertTrue(bytes < MAX_REPORT_BYTES, "report.html of a one-hour run is " + bytes + " bytes");
        assertTrue(bytes > 100_000, "the charts' data is inlined");
    }
}
