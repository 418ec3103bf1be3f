package dev.gameday.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** Writes results.json (pretty-printed, durations as seconds) atomically: readers never see half a file. */
public final class ResultsWriter {
    private final ObjectMapper mapper;

    public ResultsWriter() {
        SimpleModule seconds = new SimpleModule("gameday-seconds");
        seconds.addSerializer(Duration.class, new SecondsSerializer());
        mapper = JsonMapper.builder()
                .addModule(seconds)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build();
    }

    public void write(Results results, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        mapper.writeValue(tmp.toFile(), results);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Durations as decimal seconds to the millisecond, e.g. {@code 30.25}. */
    private static final class SecondsSerializer extends JsonSerializer<Duration> {
        @Override
        public void serialize(Duration d, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(
                    BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString());
        }
    }
}
