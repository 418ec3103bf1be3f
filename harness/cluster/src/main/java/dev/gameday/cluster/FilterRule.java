package dev.gameday.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * One packet filter rule of a partition in {@code chain} of {@code member}'s network namespace for packets that
 * match {@code match}: a DROP, or, when {@code refused}, a REJECT that answers with a TCP reset (the match then
 * names TCP). Tagged with the fault's comment so that healing finds exactly the rules of that fault.
 */
public record FilterRule(String member, String chain, List<String> match, int faultId, boolean refused) {

    public FilterRule {
        match = List.copyOf(match);
        if (refused && !match.contains("tcp")) {
            throw new IllegalArgumentException("a TCP reset answers TCP packets only: " + match);
        }
    }

    /** The comment every rule of fault {@code faultId} carries. */
    public static String comment(int faultId) {
        return "gameday-fault-" + faultId;
    }

    /** The command that installs the rule. */
    public List<String> addCommand() {
        List<String> command = new ArrayList<>(List.of("iptables", "-A", chain));
        command.addAll(match);
        command.addAll(List.of("-m", "comment", "--comment", comment(faultId), "-j"));
        command.addAll(refused ? List.of("REJECT", "--reject-with", "tcp-reset") : List.of("DROP"));
        return command;
    }
}
