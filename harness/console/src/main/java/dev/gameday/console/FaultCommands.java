package dev.gameday.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.FaultType;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.schedule.FaultPlan;
import dev.gameday.schedule.PlannedFault;
import dev.gameday.schedule.Planner;
import dev.gameday.schedule.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns an operator's fault, declared as in an experiment file's {@code faults:} list, into a fault the nemesis can
 * inject now. It is checked exactly as a file is: the experiment's own document with its schedule replaced by one
 * phase holding this fault goes through {@link ExperimentLoader}, so a fault the file validator would refuse is
 * refused with the same message, and the {@link Planner} picks its nodes as for a scheduled fault.
 */
final class FaultCommands {
    /** An operator's fault lasts until it is healed by hand; the planner still wants an end. */
    private static final String OPEN_ENDED = "12h";

    private static final YAMLMapper YAML = new YAMLMapper();

    private final ObjectNode experiment;
    private final Topology topology;
    private final Path shownAs;

    /** @param experimentFile the experiment as written (unscaled: an operator's fault is not scaled) */
    FaultCommands(Path experimentFile, Topology topology) {
        try {
            this.experiment = (ObjectNode) YAML.readTree(experimentFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + experimentFile, e);
        }
        this.topology = topology;
        this.shownAs = Path.of("console");
    }

    /**
     * The fault {@code declaration} as fault {@code id}, starting at {@code now} on the run's clock, with nodes
     * chosen by {@code seed}. Throws {@link ExperimentException} with the validator's messages when it is refused.
     */
    PlannedFault plan(JsonNode declaration, int id, Duration now, long seed) throws ExperimentException {
        if (!(declaration instanceof ObjectNode fault)) {
            throw new IllegalArgumentException("a fault is a mapping of fields, like a file's faults: entry");
        }
        ObjectNode declared = fault.deepCopy();
        // When is now and how long is until healed: the operator's buttons, not the declaration.
        declared.remove(List.of("at", "duration"));
        declared.put("at", "0s");
        declared.put("duration", OPEN_ENDED);
        ObjectNode document = experiment.deepCopy();
        document.put("seed", seed);
        ArrayNode schedule = document.putArray("schedule");
        ObjectNode phase = schedule.addObject();
        phase.put("name", "console");
        phase.put("duration", OPEN_ENDED);
        phase.putArray("faults").add(declared);
        byte[] text;
        try {
            text = YAML.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LoadedExperiment loaded = new ExperimentLoader().load(shownAs, text);
        FaultPlan plan = Planner.plan(loaded, topology);
        PlannedFault planned = plan.faults().get(0);
        return new PlannedFault(
                id, "console", "console", planned.spec(), now, now.plus(Duration.ofHours(12)), planned.nodes());
    }

    /** What the validator said, without the made-up file's line numbers and with fields named inside the fault. */
    static String message(ExperimentException e) {
        return e.problems().stream()
                .map(p -> {
                    String field = p.field().replaceFirst("^schedule\\[0]\\.faults\\[0]\\.?", "");
                    return (field.isEmpty() ? "" : "field " + field + ": ") + p.message();
                })
                .collect(Collectors.joining("; "));
    }

    /**
     * The catalogue shown on the page: every {@link FaultType}, the detail block it takes, and an example
     * declaration of it taken from the experiment files beside this one (the shipped experiments), when one has it.
     */
    static List<Map<String, Object>> catalogue(Path experimentFile) {
        Map<FaultType, JsonNode> examples =
                examples(experimentFile.toAbsolutePath().getParent());
        List<Map<String, Object>> types = new ArrayList<>();
        for (FaultType type : FaultType.values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", type.yamlName());
            entry.put("detailField", type.fault().detailField());
            JsonNode example = examples.get(type);
            entry.put("example", example == null ? null : example.toString());
            types.add(entry);
        }
        return types;
    }

    private static Map<FaultType, JsonNode> examples(Path dir) {
        Map<FaultType, JsonNode> examples = new LinkedHashMap<>();
        if (dir == null) {
            return examples;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode root;
                try {
                    root = YAML.readTree(file.toFile());
                } catch (IOException | RuntimeException e) {
                    continue; // not an experiment we can read: no example from it
                }
                for (JsonNode phase : root.path("schedule")) {
                    for (JsonNode fault : phase.path("faults")) {
                        try {
                            FaultType type =
                                    FaultType.fromYaml(fault.path("type").asText());
                            if (!examples.containsKey(type)) {
                                ObjectNode example = fault.deepCopy();
                                example.remove(List.of("at", "duration", "quietBefore"));
                                examples.put(type, example);
                            }
                        } catch (IllegalArgumentException e) {
                            // an unknown type in some file: not an example
                        }
                    }
                }
            }
        } catch (IOException e) {
            return examples;
        }
        return examples;
    }
}
