package dev.gameday.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/** Faults the nemesis can inject, by the name used in experiment files. */
public enum FaultType {
    /** SIGKILL of the target nodes' processes; they are started again when the fault ends. */
    POWER_OFF("power-off"),
    /** SIGSTOP of the target nodes' processes; SIGCONT when the fault ends. */
    PAUSE("pause");

    /** Fault types on the roadmap: named so a file using one gets "not implemented yet", not "unknown". */
    private static final List<String> PLANNED = List.of("partition", "link", "corrupt");

    private final String yamlName;

    FaultType(String yamlName) {
        this.yamlName = yamlName;
    }

    @JsonValue
    public String yamlName() {
        return yamlName;
    }

    @JsonCreator
    public static FaultType fromYaml(String name) {
        for (FaultType type : values()) {
            if (type.yamlName.equals(name)) {
                return type;
            }
        }
        String implemented = String.join(", ", Arrays.stream(values()).map(FaultType::yamlName).toList());
        if (PLANNED.contains(name)) {
            throw new IllegalArgumentException("fault type '" + name + "' is not implemented yet; implemented: "
                    + implemented);
        }
        throw new IllegalArgumentException("unknown fault type '" + name + "'; implemented: " + implemented);
    }

    @Override
    public String toString() {
        return yamlName;
    }
}
