package dev.gameday.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Writes an experiment back as an experiment file: a run's plan.yaml, with generated faults written out as
 * explicit faults (their times and nodes), which {@code ./gameday run plan.yaml} replays. Durations are written as
 * {@link DurationText}, fields left unset are left out, so {@link ExperimentLoader} reads the same experiment back.
 */
public final class PlanFile {
    public static final String FILE_NAME = "plan.yaml";

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .serializationInclusion(JsonInclude.Include.NON_EMPTY)
            .addModule(new SimpleModule("gameday-durations").addSerializer(Duration.class, new DurationSerializer()))
            .build();

    private PlanFile() {}

    /** The experiment as YAML text, after a comment naming where it came from. */
    public static String render(Experiment experiment, String header) {
        StringBuilder text = new StringBuilder();
        for (String line : header.split("\n")) {
            text.append("# ").append(line).append('\n');
        }
        try {
            return text.append(MAPPER.writeValueAsString(experiment)).toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the experiment as YAML: " + e, e);
        }
    }

    public static Path write(Experiment experiment, String header, Path file) throws IOException {
        Files.writeString(file, render(experiment, header), StandardCharsets.UTF_8);
        return file;
    }

    private static final class DurationSerializer extends JsonSerializer<Duration> {
        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(DurationText.format(value));
        }
    }
}
