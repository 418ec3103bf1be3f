package dev.gameday.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * One entry of an experiment's {@code checkers:} list: a checker's name, written alone ({@code durability}) or
 * with options ({@code {linearizability: {model: cas-register}}}). Whether the name and model exist is checked
 * by {@link ExperimentValidator}, which can point at the line.
 *
 * @param model the linearizability model, or null for the checker's default
 */
public record CheckerSpec(String name, String model) {
    /** What a run checks when its experiment has no {@code checkers:} field: what every run checked before. */
    public static final List<CheckerSpec> DEFAULT = List.of(
            new CheckerSpec("durability", null),
            new CheckerSpec("linearizability", "cas-register"),
            new CheckerSpec("scrub", null));

    private static final String SHAPE =
            "a checker is a name (durability) or a name with options" + " ({linearizability: {model: cas-register}})";

    /** Written back (plan.yaml) in the shape it was read from: the name alone, or the name with its model. */
    @JsonValue
    Object toYaml() {
        return model == null ? name : Map.of(name, Map.of("model", model));
    }

    /** Binds both YAML shapes; anything else is an error the loader reports at the entry's line. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static CheckerSpec fromYaml(Object value) {
        if (value instanceof String name) {
            return new CheckerSpec(name, null);
        }
        if (!(value instanceof Map<?, ?> entry)
                || entry.size() != 1
                || !(entry.keySet().iterator().next() instanceof String name)) {
            throw new IllegalArgumentException(SHAPE);
        }
        Object options = entry.values().iterator().next();
        if (options == null) {
            return new CheckerSpec(name, null);
        }
        if (!(options instanceof Map<?, ?> fields)) {
            throw new IllegalArgumentException(SHAPE);
        }
        for (Object field : fields.keySet()) {
            if (!"model".equals(field)) {
                throw new IllegalArgumentException(
                        "unknown option '" + field + "' of checker " + name + "; known options: model");
            }
        }
        Object model = fields.get("model");
        if (model != null && !(model instanceof String)) {
            throw new IllegalArgumentException("checker " + name + ": model must be a name, e.g. cas-register");
        }
        return new CheckerSpec(name, (String) model);
    }
}
