package dev.gameday.experiment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of every field and list element of a YAML document, by JSON pointer ({@code /schedule/0/faults/1/at}).
 * Binding to records loses locations; this index lets checks that run after binding still name the line.
 */
public final class SourceLocations {
    private final Map<String, Integer> lineByPointer;

    private SourceLocations(Map<String, Integer> lineByPointer) {
        this.lineByPointer = lineByPointer;
    }

    /** Indexes a document; throws on YAML syntax errors (and duplicate keys when the factory checks them). */
    static SourceLocations index(YAMLFactory yaml, byte[] document) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = yaml.createParser(document)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    continue;
                }
                JsonStreamContext context = parser.getParsingContext();
                // A container's start token already lives in its own (still nameless) context: its
                // position is the parent's current field or index.
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    context = context.getParent();
                }
                lines.putIfAbsent(
                        context.pathAsPointer().toString(),
                        parser.currentTokenLocation().getLineNr());
            }
        }
        return new SourceLocations(lines);
    }

    public boolean isEmpty() {
        return lineByPointer.isEmpty();
    }

    /**
     * The line of the value at {@code pointer}; for a missing field, the line of the nearest enclosing
     * value that exists (the object the field is missing from).
     */
    public int lineOf(String pointer) {
        String p = pointer;
        while (true) {
            Integer line = lineByPointer.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 1;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }
}
