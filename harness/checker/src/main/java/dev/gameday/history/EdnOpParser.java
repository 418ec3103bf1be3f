package dev.gameday.history;

import java.util.LinkedHashMap;
import java.util.Map;

/** Turns one EDN op map line into an {@link Op}. */
final class EdnOpParser {
    private EdnOpParser() {}

    /**
     * @param ordinal index to use when the map has no {@code :index}: the op's position in the file
     */
    static Op parse(String line, long lineNumber, long ordinal) throws HistoryFormatException {
        Object parsed;
        try {
            parsed = EdnReader.parse(line);
        } catch (EdnSyntaxException e) {
            throw new HistoryFormatException(lineNumber, "malformed EDN, " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new HistoryFormatException(
                    lineNumber, "expected an EDN op map {...}, got " + EdnWriter.write(parsed));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof Keyword keyword)) {
                throw new HistoryFormatException(
                        lineNumber, "op map keys must be keywords, got " + EdnWriter.write(entry.getKey()));
            }
            fields.put(keyword.name(), entry.getValue());
        }
        FieldReader reader = new FieldReader(fields, lineNumber);
        OpType type = reader.type();
        String f = reader.keywordName("f");
        long process = reader.process();
        long index = reader.optionalLong("index", ordinal);
        long time = reader.optionalLong("time", Op.NO_TIME);
        String key = reader.key();
        Object value = fields.remove("value");
        return new Op(index, time, process, type, f, key, value, fields);
    }

    /** Removes the known fields from the map as it reads them, so what is left is the op's extra keys. */
    private record FieldReader(Map<String, Object> fields, long line) {

        OpType type() throws HistoryFormatException {
            String name = keywordName("type");
            OpType type = OpType.fromEdnName(name);
            if (type == null) {
                throw new HistoryFormatException(
                        line, "unknown :type :" + name + " (expected :invoke, :ok, :fail or :info)");
            }
            return type;
        }

        String keywordName(String field) throws HistoryFormatException {
            Object value = require(field);
            if (!(value instanceof Keyword keyword)) {
                throw new HistoryFormatException(
                        line, ":" + field + " must be a keyword, got " + EdnWriter.write(value));
            }
            return keyword.name();
        }

        long process() throws HistoryFormatException {
            Object value = require("process");
            if (value instanceof Long number) {
                return number;
            }
            if (value instanceof Keyword keyword && keyword.name().equals("nemesis")) {
                return Op.NEMESIS;
            }
            throw new HistoryFormatException(
                    line, ":process must be an integer or :nemesis, got " + EdnWriter.write(value));
        }

        long optionalLong(String field, long absent) throws HistoryFormatException {
            if (!fields.containsKey(field)) {
                return absent;
            }
            Object value = fields.remove(field);
            if (!(value instanceof Long number)) {
                throw new HistoryFormatException(
                        line, ":" + field + " must be an integer, got " + EdnWriter.write(value));
            }
            return number;
        }

        /** Keys are strings; integer keys (common in Jepsen's independent checker) become their decimal text. */
        String key() throws HistoryFormatException {
            if (!fields.containsKey("key")) {
                return null;
            }
            Object value = fields.remove("key");
            if (value instanceof String s) {
                return s;
            }
            if (value instanceof Long number) {
                return number.toString();
            }
            throw new HistoryFormatException(
                    line, ":key must be a string or an integer, got " + EdnWriter.write(value));
        }

        private Object require(String field) throws HistoryFormatException {
            if (!fields.containsKey(field)) {
                throw new HistoryFormatException(line, "op map has no :" + field);
            }
            return fields.remove(field);
        }
    }
}
