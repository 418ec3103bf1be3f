package dev.gameday.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * One packet filter rule of a partition: a DROP in {@code chain} of {@code member}'s network
 * namespace for packets that match {@code match}, tagged with the fault's comment so that healing
 * finds exactly the rules of that fault.
 */
public record FilterRule(String member, String chain, List<String> match, int faultId) {

    public FilterRule {
        match = List.copyOf(match);
    }

    /** The comment every rule of fault {@code faultId} carries. */
    public static String comment(int faultId) {
        return "gameday-fault-" + faultId;
    }

    /** The command that installs the rule. */
    public List<String> addCommand() {
        List<String> command = new ArrayList<>(List.of("iptables", "-A", chain));
        command.addAll(match);
        command.addAll(List.of("-m", "comment", "--comment", comment(faultId), "-j", "DROP"));
        return command;
    }
}
