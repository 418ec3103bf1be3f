package dev.gameday.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.checker.bench.HardHistories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checker answers UNKNOWN when its memory budget is reached, instead of dying of
 * OutOfMemoryError, on a history whose search grows in model states and transitions far more than
 * in memo: kv, 25 clients per key. It runs {@code check} in a JVM of its own with a small heap, as
 * the memory the test's own JVM has is not the point.
 */
class MemoryBudgetForkedTest {
    private static final String HEAP = "-Xmx256m";
    private static final long SECONDS = 90;

    @TempDir
    Path dir;

    @Test
    void kvHistoryWithTwentyFiveClientsPerKeyIsUnknownNotOutOfMemory() throws Exception {
        Path history = dir.resolve("kv-25-per-key.edn");
        // 50 clients on 2 keys; until the budget counted model states and transitions, this ran a
        // 512 MB heap out of memory in about 8 s, a 1 GB one in about 20 s.
        HardHistories.write(
                history,
                HardHistories.generate(new HardHistories.Shape("kv", 50, 2, 20000, 0.2, 0.3, 0.002, false), 2));
        Path output = dir.resolve("output.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process check = new ProcessBuilder(List.of(
                        java,
                        HEAP,
                        "-cp",
                        System.getProperty("java.class.path"),
                        CheckCommand.class.getName(),
                        history.toString(),
                        "--model",
                        "kv",
                        "--time-limit",
                        String.valueOf(SECONDS)))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean ended = check.waitFor(SECONDS + 30, TimeUnit.SECONDS);
        if (!ended) {
            check.destroyForcibly().waitFor();
        }
        String printed = Files.readString(output);
        assertTrue(ended, "check did not end within " + (SECONDS + 30) + " s:\n" + printed);
        assertTrue(!printed.contains("OutOfMemoryError"), printed);
        assertEquals(CheckCommand.UNKNOWN, check.exitValue(), printed);
        assertTrue(printed.contains("memory budget reached for key"), printed);
        assertTrue(printed.contains("model states"), printed);
    }
}
