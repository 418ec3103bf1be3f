package dev.gameday.checker.cli;

import dev.gameday.checker.linearizability.Models;
import dev.gameday.history.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Which model a history file is checked with when {@code --model} is not given. */
final class ModelInference {
    private ModelInference() {}

    /**
     * The model named for the file in its folder's manifest: {@code expected.tsv} lines
     * {@code FILE<TAB>VERDICT<TAB>MODEL} or {@code models.tsv} lines {@code FILE<TAB>MODEL}; null when
     * neither names one.
     */
    static String fromManifest(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        String name = file.getFileName().toString();
        String fromModels = column(dir.resolve("models.tsv"), name, 1);
        return fromModels != null ? fromModels : column(dir.resolve("expected.tsv"), name, 2);
    }

    private static String column(Path manifest, String name, int column) throws IOException {
        if (!Files.isRegularFile(manifest)) {
            return null;
        }
        for (String line : Files.readAllLines(manifest)) {
            String[] fields = line.split("\t");
            if (fields.length > column && fields[0].equals(name) && Models.NAMES.contains(fields[column].strip())) {
                return fields[column].strip();
            }
        }
        return null;
    }

    /** kv if any op is :append, :put or :get; cas-register if any is :cas; else register. */
    static String fromOps(List<Op> ops) {
        boolean cas = false;
        for (Op op : ops) {
            switch (op.f()) {
                case "append", "put", "get" -> {
                    return "kv";
                }
                case "cas" -> cas = true;
                default -> {}
            }
        }
        return cas ? "cas-register" : "register";
    }
}
