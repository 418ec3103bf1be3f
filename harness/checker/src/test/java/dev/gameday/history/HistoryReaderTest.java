package dev.gameday.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryReaderTest {
    private static final String GOOD =
            "{:index 7, :time 1234567, :process 3, :type :invoke, :f :cas, :key \"k1\", :value [1 2]}";

    @Test
    void readsAJepsenOpMapWithExtraKeysKeptInOrder() throws Exception {
        List<Op> ops = HistoryReader.parse(
                "{:index 7, :time 1234567, :process 3, :type :ok, :f :cas, :key \"k1\", :value [1 2], "
                        + ":node \"n2\", :az :use1-az1, :latency 12.5, :error nil}\n");
        Op op = ops.get(0);
        assertEquals(new Op(7, 1234567, 3, OpType.OK, "cas", "k1", List.of(1L, 2L), Map.of()), withoutExtra(op));
        assertEquals(
                List.of("node", "az", "latency", "error"),
                List.copyOf(op.extra().keySet()));
        assertEquals("n2", op.extra().get("node"));
        assertEquals(new Keyword("use1-az1"), op.extra().get("az"));
        assertEquals(12.5, op.extra().get("latency"));
        assertTrue(op.extra().containsKey("error"));
    }

    @Test
    void missingIndexAndTimeDefaultToFileOrderAndNoTime() throws Exception {
        List<Op> ops = HistoryReader.parse("""
                {:process 0, :type :invoke, :f :get, :key "5", :value nil}

                {:process :nemesis, :type :info, :f :start, :value "partition"}
                """);
        assertEquals(0, ops.get(0).index());
        assertEquals(1, ops.get(1).index(), "blank lines do not count");
        assertEquals(Op.NO_TIME, ops.get(0).timeNanos());
        assertEquals(Op.NEMESIS, ops.get(1).process());
        assertNull(ops.get(1).key());
    }

    @Test
    void readsJepsenLogOpLinesAndSkipsNoise() throws Exception {
        List<Op> ops = HistoryReader.parse("""
                2015-01-01 12:00:00,000 INFO  jepsen.core - Running test
                INFO  jepsen.util - 3\t:invoke\t:cas\t[0 4]
                some other line
                INFO  jepsen.util - 0\t:invoke\t:read\tnil
                INFO  jepsen.util - 3\t:info\t:cas\t:timed-out
                INFO  jepsen.util - 0\t:ok\t:read\t4
                """);
        assertEquals(4, ops.size());
        assertEquals(new Op(0, Op.NO_TIME, 3, OpType.INVOKE, "cas", null, List.of(0L, 4L)), ops.get(0));
        assertEquals(new Keyword("timed-out"), ops.get(2).value());
        assertEquals(new Op(3, Op.NO_TIME, 0, OpType.OK, "read", null, 4L), ops.get(3));
    }

    @Test
    void logFieldsMayBeApartByAnyRunOfSpacesOrTabs() throws Exception {
        List<Op> ops = HistoryReader.parse("""
                INFO  jepsen.util - 1   :invoke :write  3
                INFO  jepsen.util - 1 \t :ok\t  :write \t3
                INFO jepsen.util -   12\t\t:invoke    :cas [0 4]
                """);
        assertEquals(new Op(0, Op.NO_TIME, 1, OpType.INVOKE, "write", null, 3L), ops.get(0));
        assertEquals(new Op(1, Op.NO_TIME, 1, OpType.OK, "write", null, 3L), ops.get(1));
        assertEquals(new Op(2, Op.NO_TIME, 12, OpType.INVOKE, "cas", null, List.of(0L, 4L)), ops.get(2));
    }

    @Test
    void logLinesMayStartWithATimestampAndThreadName() throws Exception {
        List<Op> ops = HistoryReader.parse("""
                2017-04-01 12:00:00,123{GMT}\tINFO\t[jepsen worker 3] jepsen.util: 3\t:invoke\t:read\tnil
                2017-04-01 12:00:00,125{GMT}\tINFO\t[jepsen worker 3] jepsen.util: 3\t:ok\t:read\t2
                2015-01-01 12:00:01,000 INFO  jepsen.util - 4  :invoke  :write  1
                """);
        assertEquals(3, ops.size());
        assertEquals(new Op(0, Op.NO_TIME, 3, OpType.INVOKE, "read", null, null), ops.get(0));
        assertEquals(2L, ops.get(1).value());
        assertEquals(new Op(2, Op.NO_TIME, 4, OpType.INVOKE, "write", null, 1L), ops.get(2));
    }

    @Test
    void logValuesMayBeNilMissingOrVectorsWithCommasAndSpaces() throws Exception {
        List<Op> ops = HistoryReader.parse("""
                INFO  jepsen.util - 0\t:invoke\t:read\tnil
                INFO  jepsen.util - 0\t:ok\t:read
                INFO  jepsen.util - 1  :invoke  :cas  [0, 4]
                INFO  jepsen.util - 2  :invoke  :cas  [ 1  2 ]
                """);
        assertNull(ops.get(0).value());
        assertNull(ops.get(1).value());
        assertEquals(List.of(0L, 4L), ops.get(2).value());
        assertEquals(List.of(1L, 2L), ops.get(3).value());
    }

    @Test
    void textAfterTheValueOfInfoOrFailIsKeptAsTheError() throws Exception {
        List<Op> ops = HistoryReader.parse("""
                INFO  jepsen.util - 3\t:invoke\t:cas\t[0 4]
                INFO  jepsen.util - 3\t:info\t:cas\t[0 4]\tindeterminate: Read timed out
                INFO  jepsen.util - 2  :invoke  :write  1
                INFO  jepsen.util - 2  :fail  :write  1  :not-leader
                INFO  jepsen.util - 5\t:info\t:write\t2\t:timed-out
                """);
        assertEquals(List.of(0L, 4L), ops.get(1).value());
        assertEquals(OpType.INFO, ops.get(1).type());
        assertEquals("indeterminate: Read timed out", ops.get(1).extra().get("error"));
        assertEquals(new Keyword("not-leader"), ops.get(3).extra().get("error"));
        assertEquals(2L, ops.get(4).value());
        assertEquals(new Keyword("timed-out"), ops.get(4).extra().get("error"));
    }

    @Test
    void nemesisProseAndOtherJepsenUtilLinesAreRead() throws Exception {
        List<Op> ops = HistoryReader.parse("""
                INFO  jepsen.util - :nemesis\t:info\t:start\tCut off {:n1 #{:n2}, :n3 #{:n4}}
                INFO  jepsen.util - Waiting for nodes to converge
                INFO  jepsen.util - 0\t:invoke\t:read\tnil
                """);
        assertEquals(2, ops.size());
        assertEquals(Op.NEMESIS, ops.get(0).process());
        assertEquals("Cut off {:n1 #{:n2}, :n3 #{:n4}}", ops.get(0).value());
        assertEquals("read", ops.get(1).f());
    }

    @Test
    void badSpaceSeparatedLogLineNamesItsLineNumber() {
        HistoryFormatException truncated = assertThrows(HistoryFormatException.class, () -> HistoryReader.parse("""
                INFO  jepsen.util - 0  :invoke  :read  nil
                noise
                INFO  jepsen.util - 0  :ok  :read  [1 2
                """));
        assertEquals(3, truncated.line());
        assertTrue(truncated.getMessage().contains("malformed op value"), truncated.getMessage());
        HistoryFormatException trailing = assertThrows(
                HistoryFormatException.class,
                () -> HistoryReader.parse(
                        "INFO  jepsen.util - 0  :invoke  :read  nil\nINFO  jepsen.util - 0  :ok  :read  1 2"));
        assertEquals(2, trailing.line());
        assertTrue(trailing.getMessage().contains("unexpected text after the value"), trailing.getMessage());
        HistoryFormatException noType = assertThrows(
                HistoryFormatException.class, () -> HistoryReader.parse("INFO  jepsen.util - 0  invoke  :read  nil"));
        assertEquals(1, noType.line());
        assertTrue(noType.getMessage().contains("malformed jepsen.util op line"), noType.getMessage());
    }

    @Test
    void truncatedLineNamesItsLineNumber() {
        String truncated = GOOD.substring(0, GOOD.length() - 4); // ends in ":value [1"
        HistoryFormatException e = assertThrows(
                HistoryFormatException.class,
                () -> HistoryReader.parse(
                        GOOD + "\n" + GOOD.replace(":index 7", ":index 8") + "\n" + truncated + "\n"));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("line 3: "), e.getMessage());
        assertTrue(e.getMessage().contains("not closed"), e.getMessage());
    }

    @Test
    void unknownTypeNamesItsLineNumber() {
        HistoryFormatException e = assertThrows(
                HistoryFormatException.class,
                () -> HistoryReader.parse(GOOD + "\n" + GOOD.replace(":invoke", ":maybe")));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("unknown :type :maybe"), e.getMessage());
    }

    @Test
    void unbalancedEdnNamesItsLineNumber() {
        HistoryFormatException e = assertThrows(
                HistoryFormatException.class,
                () -> HistoryReader.parse(GOOD + "\n\n" + GOOD.replace("[1 2]", "[1 2]]")));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("unbalanced ']'"), e.getMessage());
    }

    @Test
    void extraClosingBraceAndDuplicateKeysAreErrors() {
        HistoryFormatException unbalanced =
                assertThrows(HistoryFormatException.class, () -> HistoryReader.parse(GOOD + "}"));
        assertTrue(unbalanced.getMessage().contains("unbalanced '}'"), unbalanced.getMessage());
        HistoryFormatException duplicate = assertThrows(
                HistoryFormatException.class,
                () -> HistoryReader.parse("{:process 1, :type :ok, :f :read, :value nil, :value 3}"));
        assertTrue(duplicate.getMessage().contains("duplicate map key :value"), duplicate.getMessage());
    }

    @Test
    void missingRequiredFieldIsAnError() {
        HistoryFormatException e = assertThrows(
                HistoryFormatException.class, () -> HistoryReader.parse("{:process 1, :type :ok, :value 3}"));
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("no :f"), e.getMessage());
    }

    @Test
    void malformedLogOpLineIsAnErrorNotNoise() {
        HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> HistoryReader.parse("""
                INFO  jepsen.util - 0\t:invoke\t:read\tnil
                INFO  jepsen.util - 0\t:ok\t:read\t[1 2
                """));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("malformed op value"), e.getMessage());
        HistoryFormatException badType = assertThrows(
                HistoryFormatException.class, () -> HistoryReader.parse("INFO  jepsen.util - 0\t:perhaps\t:read\tnil"));
        assertTrue(badType.getMessage().contains("unknown type :perhaps"), badType.getMessage());
    }

    @Test
    void fileThatIsNeitherFormatIsAnError() {
        HistoryFormatException e =
                assertThrows(HistoryFormatException.class, () -> HistoryReader.parse("hello\nworld\n"));
        assertTrue(e.getMessage().contains("neither EDN"), e.getMessage());
    }

    @Test
    void writerOutputReadsBackToEqualOps(@TempDir Path dir) throws Exception {
        Map<String, Object> extra = new java.util.LinkedHashMap<>();
        extra.put("node", "n1");
        extra.put("az", new Keyword("az-b"));
        extra.put("latency", 1.5);
        extra.put("nested", Map.of("a", List.of(1L, "two \"quoted\"\n", true)));
        extra.put("tags", java.util.Set.of(new Keyword("x")));
        List<Op> ops = List.of(
                new Op(0, 10, 1, OpType.INVOKE, "put", "k\t1", "v\\1", extra),
                new Op(1, Op.NO_TIME, Op.NEMESIS, OpType.INFO, "start", null, null),
                new Op(2, 30, 1, OpType.OK, "final-read", null, Map.of("k1", "v", "k2", List.of())));
        Path file = dir.resolve("history.edn");
        try (HistoryWriter writer = new HistoryWriter(file)) {
            ops.forEach(writer::append);
        }
        assertEquals(ops, HistoryReader.read(file));
        assertEquals(3, Files.readAllLines(file).size(), "one line per op");
    }

    @Test
    void writerRejectsIndexesThatDoNotIncrease(@TempDir Path dir) {
        try (HistoryWriter writer = new HistoryWriter(dir.resolve("h.edn"))) {
            writer.append(new Op(5, 0, 1, OpType.INVOKE, "read", null, null));
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> writer.append(new Op(5, 0, 2, OpType.INVOKE, "read", null, null)));
            assertTrue(e.getMessage().contains("indexes must increase"), e.getMessage());
        }
    }

    private static Op withoutExtra(Op op) {
        return new Op(op.index(), op.timeNanos(), op.process(), op.type(), op.f(), op.key(), op.value());
    }
}
