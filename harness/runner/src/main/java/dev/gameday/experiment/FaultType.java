package dev.gameday.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Faults the nemesis can inject, by the name used in experiment files. */
public enum FaultType {
    /** SIGKILL of the target nodes' processes; they are started again when the fault ends. */
    POWER_OFF("power-off"),
    /** SIGSTOP of the target nodes' processes; SIGCONT when the fault ends. */
    PAUSE("pause"),
    /** iptables rules inside the members' containers, shaped by {@link PartitionSpec}; removed when it ends. */
    PARTITION("partition"),
    /** Toxics on fault-proxy paths ({@link LinkSpec}): latency, bandwidth, timeouts, resets, links down. */
    LINK("link"),
    /** Bytes changed in a replica's files or an archived segment ({@link CorruptionSpec}); never undone. */
    CORRUPT("corrupt");

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
        throw new IllegalArgumentException("unknown fault type '" + name + "'; fault types: "
                + String.join(", ", Arrays.stream(values()).map(FaultType::yamlName).toList()));
    }

    @Override
    public String toString() {
        return yamlName;
    }
}
