package dev.gameday.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.checker.TestHistory;
import dev.gameday.checker.fixtures.SharedFixtures;
import dev.gameday.history.HistoryWriter;
import dev.gameday.history.Op;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs {@code check} through picocli as the gameday CLI will, on real files. */
class CheckCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new CheckCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    private Path write(String name, List<Op> ops) {
        Path file = dir.resolve(name);
        try (HistoryWriter writer = new HistoryWriter(file)) {
            ops.forEach(writer::append);
        }
        return file;
    }

    @Test
    void linearizableHistoryExitsZeroAndPrintsJson() throws Exception {
        Path history = write(
                "ok.edn",
                new TestHistory()
                        .call(0, "k", "put", "a", "a")
                        .call(1, "k", "get", null, "a")
                        .ops());
        assertEquals(CheckCommand.VALID, run(history.toString(), "--model", "kv", "--format", "json"), err::toString);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals("VALID", json.get("verdict").asText());
        assertEquals(2, json.get("linearizability").get("operations").asInt());
    }

    @Test
    void realViolationExitsOneWithCounterexampleInTextAndJsonFile() throws Exception {
        Path etcd = SharedFixtures.historiesDir().resolve("jepsen-etcd/etcd_000.log");
        Path json = dir.resolve("result.json");
        assertEquals(
                CheckCommand.INVALID,
                run(etcd.toString(), "--model", "cas-register", "--json", json.toString()),
                err::toString);
        assertTrue(out.toString().contains("cannot be placed: process"), out::toString);
        assertTrue(out.toString().contains("verdict: INVALID"), out::toString);
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertEquals("INVALID", result.get("verdict").asText());
        JsonNode counterexample = result.get("linearizability").get("counterexample");
        assertEquals("read", counterexample.get("unplaceable").get("f").asText());
        assertTrue(counterexample.get("longestLinearizedPrefix").size() > 0);
    }

    @Test
    void badInputExitsTwoNamingTheLine() throws Exception {
        Path truncated = dir.resolve("truncated.edn");
        Files.writeString(truncated, """
                {:index 0, :process 0, :type :invoke, :f :read, :value nil}
                {:index 1, :process 0, :type :ok, :f :read, :val
                """);
        assertEquals(CheckCommand.BAD_INPUT, run(truncated.toString(), "--model", "register"));
        assertTrue(err.toString().contains("line 2:"), err::toString);
    }

    @Test
    void unknownTypeAndUnbalancedEdnExitTwo() throws Exception {
        Path unknownType = dir.resolve("type.edn");
        Files.writeString(
                unknownType,
                "{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :done, :f :read, :value 1}\n");
        assertEquals(CheckCommand.BAD_INPUT, run(unknownType.toString(), "--model", "register"));
        Path unbalanced = dir.resolve("unbalanced.edn");
        Files.writeString(unbalanced, "{:process 0, :type :invoke, :f :read, :value nil}}\n");
        assertEquals(CheckCommand.BAD_INPUT, run(unbalanced.toString(), "--model", "register"));
        assertTrue(err.toString().contains("unknown :type :done"), err::toString);
        assertTrue(err.toString().contains("line 1:"), err::toString);
    }

    @Test
    void historyTheModelCannotJudgeExitsTwo() {
        Path history = write(
                "cas.edn",
                new TestHistory()
                        .call(0, null, "cas", List.of(0L, 1L), List.of(0L, 1L))
                        .ops());
        assertEquals(CheckCommand.BAD_INPUT, run(history.toString(), "--model", "register"));
        assertTrue(err.toString().contains("cas-register"), err::toString);
    }

    @Test
    void unknownModelAndMissingFileExitTwo() {
        assertEquals(CheckCommand.BAD_INPUT, run(dir.resolve("none.edn").toString(), "--model", "register"));
        assertTrue(err.toString().contains("no such file"), err::toString);
        Path history = write(
                "h.edn", new TestHistory().call(0, null, "read", null, null).ops());
        assertEquals(CheckCommand.BAD_INPUT, run(history.toString(), "--model", "queue"));
        assertTrue(err.toString().contains("unknown model 'queue'"), err::toString);
    }

    @Test
    void exhaustedTimeLimitExitsThree() {
        Path hard = write("hard.edn", TestHistory.concurrentWritesThenImpossibleRead(40));
        assertEquals(
                CheckCommand.UNKNOWN,
                run(hard.toString(), "--model", "register", "--time-limit", "0.05"),
                err::toString);
        assertTrue(out.toString().contains("unknown: time limit reached"), out::toString);
    }

    @Test
    void durabilityFlagReportsLostWrites() {
        Path history = write(
                "lost.edn",
                new TestHistory()
                        .call(0, "a", "put", "1", "1")
                        .call(1, "a", "get", null, "1")
                        .call(9, "a", "final-read", null, null)
                        .ops());
        assertEquals(CheckCommand.INVALID, run(history.toString(), "--model", "kv", "--durability"), err::toString);
        assertTrue(out.toString().contains("linearizability (model kv, 1 keys, 2 operations): VALID"), out::toString);
        assertTrue(out.toString().contains("lost: process 0 :put"), out::toString);
    }

    @Test
    void batchChecksFilesAndFoldersInOneRunWithOneLineEachAndTheWorstExitCode() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("many"));
        write(
                "many/ok-kv.edn",
                new TestHistory()
                        .call(0, "k", "put", "a", "a")
                        .call(1, "k", "get", null, "a")
                        .ops());
        write(
                "many/bad-cas.edn",
                new TestHistory()
                        .call(0, "r", "write", 1L, 1L)
                        .call(1, "r", "cas", java.util.List.of(1L, 2L), null)
                        .call(2, "r", "read", null, 1L)
                        .ops());
        Files.writeString(dir.resolve("many/broken.edn"), "{:process 0, :type :invoke, :f :read\n");
        Path single = write(
                "single.edn",
                new TestHistory()
                        .call(0, "r", "write", 1L, 1L)
                        .call(1, "r", "read", null, 1L)
                        .ops());

        int code = run(folder.toString(), single.toString());

        assertEquals(CheckCommand.INVALID, code, "a violation outranks bad input: " + out);
        String[] lines = out.toString().strip().split("\n");
        assertEquals(5, lines.length, out::toString);
        assertTrue(
                lines[0].startsWith("INVALID") && lines[0].contains("cas-register") && lines[0].contains("bad-cas.edn"),
                lines[0]);
        assertTrue(
                lines[1].startsWith("BAD") && lines[1].contains("broken.edn") && lines[1].contains("line 1"), lines[1]);
        assertTrue(lines[2].startsWith("VALID") && lines[2].contains("kv") && lines[2].contains("ok-kv.edn"), lines[2]);
        assertTrue(
                lines[3].startsWith("VALID") && lines[3].contains("register") && lines[3].contains("single.edn"),
                lines[3]);
        assertTrue(
                lines[4].startsWith("4 files in")
                        && lines[4].contains("2 valid, 1 invalid, 1 bad input, 0 unknown; exit 1"),
                lines[4]);
    }

    @Test
    void batchTakesTheModelFromTheFoldersManifest() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("manifest"));
        // Read and write only, which alone would mean "register"; the manifest says cas-register.
        write(
                "manifest/h.edn",
                new TestHistory()
                        .call(0, "r", "write", 1L, 1L)
                        .call(1, "r", "read", null, 1L)
                        .ops());
        write(
                "manifest/bad.edn",
                new TestHistory().call(0, "r", "write", 1L, 1L).ops());
        Files.writeString(folder.resolve("expected.tsv"), "h.edn\tlinearizable\tcas-register\nbad.edn\tlinearizable\n");
        assertEquals(CheckCommand.VALID, run(folder.toString()), out::toString);
        assertTrue(out.toString().contains("cas-register") && out.toString().contains("h.edn"), out::toString);
        assertTrue(out.toString().contains("2 files in"), out::toString);
    }
}
