package dev.gameday.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.gameday.nemesis.fault.ClockFault;
import dev.gameday.nemesis.fault.CorruptFault;
import dev.gameday.nemesis.fault.DiskFault;
import dev.gameday.nemesis.fault.Fault;
import dev.gameday.nemesis.fault.LinkFault;
import dev.gameday.nemesis.fault.PartitionFault;
import dev.gameday.nemesis.fault.PauseFault;
import dev.gameday.nemesis.fault.PowerOffFault;
import java.util.Arrays;

/**
 * The registry of fault types: each name used in experiment files, with the {@link Fault} that validates,
 * describes, injects and heals it. A new fault type is one class and one line here.
 */
public enum FaultType {
    POWER_OFF("power-off", new PowerOffFault()),
    PAUSE("pause", new PauseFault()),
    PARTITION("partition", new PartitionFault()),
    LINK("link", new LinkFault()),
    CORRUPT("corrupt", new CorruptFault()),
    DISK("disk", new DiskFault()),
    CLOCK("clock", new ClockFault());

    private final String yamlName;
    private final Fault<?> fault;

    FaultType(String yamlName, Fault<?> fault) {
        this.yamlName = yamlName;
        this.fault = fault;
    }

    public Fault<?> fault() {
        return fault;
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
                + String.join(
                        ", ", Arrays.stream(values()).map(FaultType::yamlName).toList()));
    }

    @Override
    public String toString() {
        return yamlName;
    }
}
