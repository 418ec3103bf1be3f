package dev.gameday.canary;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Deliberate bugs of the canary client, the harness's own side of a run: switched on to show that the checkers
 * catch a client that promises its users more than it asks the system for. Unlike the Gameday store's bugs they
 * need nothing from the system: each system's canary client honours them, so they work against any system.
 */
public enum ClientBug {
    SERIALIZABLE_READS(
            "serializable-reads",
            "reads ask for the system's weaker read (etcd's serializable range, DynamoDB's eventually consistent"
                    + " GetItem), which any member answers from its own state, while the history records them as the"
                    + " linearizable reads the client promises");

    private final String optionName;
    private final String description;

    ClientBug(String optionName, String description) {
        this.optionName = optionName;
        this.description = description;
    }

    /** The name on the command line ({@code --client-bug serializable-reads}) and in results.json. */
    public String optionName() {
        return optionName;
    }

    public String description() {
        return description;
    }

    /** The bug named {@code name} on the command line; the error lists the names there are. */
    public static ClientBug fromOptionName(String name) {
        return Arrays.stream(values())
                .filter(bug -> bug.optionName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no client bug '" + name + "'; there are "
                        + Arrays.stream(values()).map(ClientBug::optionName).toList()));
    }

    /** The option names of {@code bugs} in declaration order, as results.json lists them beside the system's own. */
    public static List<String> optionNames(Collection<ClientBug> bugs) {
        return bugs.stream().sorted().map(ClientBug::optionName).toList();
    }
}
