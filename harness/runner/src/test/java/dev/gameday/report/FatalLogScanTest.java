package dev.gameday.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FatalLogScanTest {
    @TempDir
    Path run;

    @Test
    void findsDeathsButNotRecoveredErrors() throws Exception {
        Files.writeString(run.resolve("az1-storage-1.log"), """
                08:00:01.000 INFO  RaftServer - started
                08:00:02.000 ERROR ScrubService - scrub found problems: [data-0: replica az1-storage-1 storage corrupt]
                Exception in thread "applier" java.lang.IllegalStateException: boom
                08:00:03.000 WARN  GrpcLogAppender - retrying
                """);
        Files.writeString(run.resolve("az2-router-1.log"), "java.lang.OutOfMemoryError: Java heap space\n");
        Files.writeString(run.resolve("nemesis.log"), "+ 1.000s START #1 power-off FATAL-looking text\n");
        List<String> found = FatalLogScan.scan(FatalLogScan.containerLogs(run));
        assertEquals(
                List.of(
                        "az1-storage-1.log:3: Exception in thread \"applier\" java.lang.IllegalStateException: boom",
                        "az2-router-1.log:1: java.lang.OutOfMemoryError: Java heap space"),
                found);
    }

    @Test
    void cleanLogsHaveNothing() throws Exception {
        Files.writeString(run.resolve("archive.log"), "08:00:01.000 INFO  S3Proxy - listening\n");
        assertEquals(List.of(), FatalLogScan.scan(FatalLogScan.containerLogs(run)));
    }
}
