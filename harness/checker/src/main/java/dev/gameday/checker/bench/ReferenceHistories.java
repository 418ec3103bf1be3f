package dev.gameday.checker.bench;

import dev.gameday.checker.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference histories of {@code shared/fixtures/histories} with the verdicts their
 * {@code expected.tsv} files give: Jepsen etcd logs (model cas-register) and kv histories (model kv).
 */
public final class ReferenceHistories {
    private ReferenceHistories() {}

    /** One history file, the model to check it with, and the verdict an independent checker gave. */
    public record ReferenceHistory(Path file, String model, Verdict expected) {
        @Override
        public String toString() {
            return file.getParent().getFileName() + "/" + file.getFileName();
        }
    }

    /** Every history listed in the two folders' expected.tsv, etcd first. */
    public static List<ReferenceHistory> load(Path historiesDir) {
        List<ReferenceHistory> all = new ArrayList<>();
        all.addAll(folder(historiesDir.resolve("jepsen-etcd"), "cas-register"));
        all.addAll(folder(historiesDir.resolve("kv"), "kv"));
        return all;
    }

    private static List<ReferenceHistory> folder(Path dir, String model) {
        Path tsv = dir.resolve("expected.tsv");
        List<String> lines;
        try {
            lines = Files.readAllLines(tsv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tsv, e);
        }
        List<ReferenceHistory> histories = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields.length != 2) {
                throw new IllegalArgumentException(tsv + ": expected 'FILE<TAB>VERDICT', got: " + line);
            }
            Verdict expected = switch (fields[1]) {
                case "linearizable" -> Verdict.VALID;
                case "not-linearizable" -> Verdict.INVALID;
                default -> throw new IllegalArgumentException(tsv + ": unknown verdict '" + fields[1] + "'");
            };
            histories.add(new ReferenceHistory(dir.resolve(fields[0]), model, expected));
        }
        return histories;
    }
}
