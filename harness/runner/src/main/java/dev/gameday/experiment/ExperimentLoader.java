package dev.gameday.experiment;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads an experiment file into a {@link LoadedExperiment}, or throws an {@link ExperimentException}
 * naming file, line and field of every problem. Binding is strict (unknown fields, wrong types,
 * duplicate keys and numbers in quotes are errors); {@link ExperimentValidator} then checks meaning.
 */
public final class ExperimentLoader {
    private final YAMLMapper mapper;

    public ExperimentLoader() {
        SimpleModule durations = new SimpleModule("gameday-durations");
        durations.addDeserializer(Duration.class, new DurationDeserializer());
        mapper = YAMLMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .addModule(durations)
                .build();
        for (LogicalType numeric : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(numeric).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
    }

    public LoadedExperiment load(Path file) throws ExperimentException {
        byte[] document;
        try {
            document = Files.readAllBytes(file);
        } catch (IOException e) {
            throw single(file, 0, "", "cannot read the file: " + e);
        }
        return load(file, document);
    }

    /**
     * Reads {@code document} as if it were the file {@code file}: problems name that file. For experiments written
     * by a program, such as the web console's fault commands checked as the file validator checks a file.
     */
    public LoadedExperiment load(Path file, byte[] document) throws ExperimentException {
        SourceLocations locations;
        try {
            locations = SourceLocations.index(mapper.getFactory(), document);
        } catch (StreamReadException e) {
            throw single(file, lineOf(e.getLocation()), fieldAt(e), "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw single(file, 0, "", "cannot read the file: " + e);
        }
        if (locations.isEmpty()) {
            throw single(file, 1, "", "the file is empty");
        }
        Experiment experiment;
        try {
            experiment = mapper.readValue(document, Experiment.class);
        } catch (JsonMappingException e) {
            throw bindingProblem(file, locations, e);
        } catch (IOException e) {
            throw single(file, 0, "", "cannot read the file: " + e);
        }
        if (experiment == null) {
            throw single(file, 1, "", "the file holds no experiment (the document is null)");
        }
        if (experiment.name() == null) {
            experiment = experiment.withName(baseName(file));
        }
        LoadedExperiment loaded = new LoadedExperiment(file, experiment, locations);
        LoadedExperiment.ProblemCollector problems = loaded.problems();
        ExperimentValidator.validate(experiment, problems);
        problems.throwIfAny();
        return loaded;
    }

    /** {@code experiments/az-power-off.yaml} runs as {@code az-power-off}. */
    static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * Jackson's own location is where it noticed the problem, which for records (bound through their
     * constructor) can be the end of the enclosing mapping; the path gives the exact line.
     */
    private static ExperimentException bindingProblem(Path file, SourceLocations locations, JsonMappingException e) {
        String pointer = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "/" + ref.getFieldName() : "/" + ref.getIndex())
                .collect(Collectors.joining());
        int line = pointer.isEmpty() ? lineOf(e.getLocation()) : locations.lineOf(pointer);
        return single(file, line, ExperimentException.fieldOf(pointer), bindingMessage(e));
    }

    /** The field a syntax error is in, e.g. the key that is duplicated. */
    private static String fieldAt(StreamReadException e) {
        JsonParser parser = e.getProcessor();
        return parser == null
                ? ""
                : ExperimentException.fieldOf(
                        parser.getParsingContext().pathAsPointer().toString());
    }

    private static String bindingMessage(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds().stream()
                    .map(Object::toString)
                    .sorted()
                    .collect(Collectors.joining(", "));
            return "unknown field '" + unknown.getPropertyName() + "'; known fields here: " + known;
        }
        // Our own checks (durations, fault types) throw IllegalArgumentException with the message to show.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException) {
                return cause.getMessage();
            }
        }
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null) {
            return "expected " + describe(invalid.getTargetType()) + ", found '" + invalid.getValue() + "'";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + describe(mismatch.getTargetType());
        }
        return e.getOriginalMessage();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "text";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping of fields (" + type.getSimpleName() + ")";
        }
        return type.getSimpleName();
    }

    private static int lineOf(JsonLocation location) {
        return location == null ? 0 : location.getLineNr();
    }

    private static ExperimentException single(Path file, int line, String field, String message) {
        return new ExperimentException(List.of(new ExperimentException.Problem(file, line, field, message)));
    }

    /** Durations are written as text with a unit; see {@link DurationText}. */
    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.currentToken().isScalarValue()) {
                return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
            }
            String text = p.getText();
            try {
                return DurationText.parse(text);
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(p, e.getMessage(), e);
            }
        }
    }
}
