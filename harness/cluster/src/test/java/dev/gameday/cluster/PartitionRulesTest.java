package dev.gameday.cluster;

import static dev.gameday.experiment.PartitionSpec.Blocked.DROPPED;
import static dev.gameday.experiment.PartitionSpec.Blocked.REFUSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.nemesis.Block;
import dev.gameday.nemesis.Cluster;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionRulesTest {

    private static final Map<String, String> ADDRESSES = Map.of(
            "n1", "10.0.0.1", "n2", "10.0.0.2", "n3", "10.0.0.3", "r1", "10.0.0.11", Cluster.CLIENTS, "10.0.0.20");
    private static final Set<String> NODES = Set.of("n1", "n2", "n3");
    private static final Set<String> ROUTERS = Set.of("r1");

    private final PartitionRules direct = new PartitionRules(ADDRESSES, NODES, ROUTERS, 8000, Map.of());
    private final PartitionRules proxied =
            new PartitionRules(ADDRESSES, NODES, ROUTERS, 8000, Map.of("n1", 8700, "n2", 8701, "n3", 8702));

    @Test
    void aSymmetricCutDropsEverythingFromTheOtherSideOnBothSides() {
        List<FilterRule> rules = direct.rules(7, List.of(new Block("n1", "n2"), new Block("n2", "n1")), DROPPED);

        assertEquals(
                List.of(
                        List.of(
                                "iptables",
                                "-A",
                                "INPUT",
                                "-s",
                                "10.0.0.1",
                                "-m",
                                "comment",
                                "--comment",
                                "gameday-fault-7",
                                "-j",
                                "DROP"),
                        List.of(
                                "iptables",
                                "-A",
                                "INPUT",
                                "-s",
                                "10.0.0.2",
                                "-m",
                                "comment",
                                "--comment",
                                "gameday-fault-7",
                                "-j",
                                "DROP")),
                rules.stream().map(FilterRule::addCommand).toList());
        assertEquals(List.of("n2", "n1"), rules.stream().map(FilterRule::member).toList());
    }

    @Test
    void aOneWayBlockDropsOnlyConnectionsFromOpensAtTo() {
        List<FilterRule> rules = direct.rules(3, List.of(new Block("n1", "n2"), new Block("n1", "n3")), DROPPED);

        assertEquals(List.of("n2", "n3"), rules.stream().map(FilterRule::member).toList());
        assertEquals(
                List.of(
                        "iptables",
                        "-A",
                        "INPUT",
                        "-s",
                        "10.0.0.1",
                        "-m",
                        "conntrack",
                        "--ctdir",
                        "ORIGINAL",
                        "-m",
                        "comment",
                        "--comment",
                        "gameday-fault-3",
                        "-j",
                        "DROP"),
                rules.get(0).addCommand());
    }

    @Test
    void clientBlocksAreEnforcedAtTheRouterOnItsClientPort() {
        List<FilterRule> rules =
                direct.rules(4, List.of(new Block(Cluster.CLIENTS, "r1"), new Block("r1", Cluster.CLIENTS)), DROPPED);

        assertEquals(List.of("r1", "r1"), rules.stream().map(FilterRule::member).toList());
        assertEquals(List.of("INPUT", "-s", "10.0.0.20", "-p", "tcp", "--dport", "8000"), chainAndMatch(rules.get(0)));
        assertEquals(List.of("OUTPUT", "-d", "10.0.0.20", "-p", "tcp", "--sport", "8000"), chainAndMatch(rules.get(1)));
    }

    @Test
    void aRefusedCutResetsTcpLetsResetsPassAndDropsTheRest() {
        List<FilterRule> rules = direct.rules(8, List.of(new Block("n1", "n2"), new Block("n2", "n1")), REFUSED);

        assertEquals(
                List.of("n2", "n2", "n1", "n1"),
                rules.stream().map(FilterRule::member).toList());
        assertEquals(
                words("iptables -A INPUT -s 10.0.0.1 -p tcp ! --tcp-flags RST RST -m comment --comment gameday-fault-8"
                        + " -j REJECT --reject-with tcp-reset"),
                rules.get(0).addCommand());
        assertEquals(
                words("iptables -A INPUT -s 10.0.0.1 ! -p tcp -m comment --comment gameday-fault-8 -j DROP"),
                rules.get(1).addCommand());

        // A rule that names a TCP port already is one REJECT, with resets let through.
        List<FilterRule> proxiedRules = proxied.rules(9, List.of(new Block("r1", "n3")), REFUSED);
        assertEquals(1, proxiedRules.size());
        assertEquals(
                words("OUTPUT -d 10.0.0.20 -p tcp --dport 8702 ! --tcp-flags RST RST"),
                chainAndMatch(proxiedRules.get(0)));
        assertTrue(proxiedRules.get(0).refused());
    }

    @Test
    void throughTheProxyTheSenderDropsWhatItSendsToTheNodesPath() {
        List<FilterRule> rules =
                proxied.rules(5, List.of(new Block("n1", "n2"), new Block("r1", "n3"), new Block("n3", "r1")), DROPPED);

        assertEquals(
                List.of("n1", "r1"),
                rules.stream().map(FilterRule::member).toList(),
                "a node never dials a router: n3 -/-> r1 needs no rule");
        assertEquals(List.of("OUTPUT", "-d", "10.0.0.20", "-p", "tcp", "--dport", "8701"), chainAndMatch(rules.get(0)));
        assertEquals(List.of("OUTPUT", "-d", "10.0.0.20", "-p", "tcp", "--dport", "8702"), chainAndMatch(rules.get(1)));
    }

    @Test
    void duplicateBlocksGiveOneRule() {
        assertEquals(
                1,
                direct.rules(1, List.of(new Block("n1", "n2"), new Block("n1", "n2")), DROPPED)
                        .size());
    }

    @Test
    void membersOutsideThePartitionableSetAreRefusedByName() {
        IllegalArgumentException archive = assertThrows(
                IllegalArgumentException.class, () -> direct.rules(1, List.of(new Block("archive", "n1")), DROPPED));
        assertTrue(archive.getMessage().contains("'archive'"), archive.getMessage());

        IllegalArgumentException clientsToNode = assertThrows(
                IllegalArgumentException.class,
                () -> direct.rules(1, List.of(new Block(Cluster.CLIENTS, "n1")), DROPPED));
        assertTrue(clientsToNode.getMessage().contains("'n1' is not one"), clientsToNode.getMessage());
    }

    private static List<String> words(String text) {
        return List.of(text.split(" "));
    }

    private static List<String> chainAndMatch(FilterRule rule) {
        List<String> all = new java.util.ArrayList<>(List.of(rule.chain()));
        all.addAll(rule.match());
        return all;
    }
}
