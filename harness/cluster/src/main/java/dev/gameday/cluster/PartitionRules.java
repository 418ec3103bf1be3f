package dev.gameday.cluster;

import dev.gameday.nemesis.Block;
import dev.gameday.nemesis.Cluster;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns partition {@link Block}s into packet filter rules, without touching any container.
 *
 * <p>Direct node links: a block is enforced where its packets arrive, at {@code to}, by source
 * address. When the opposite block is there too, every packet from {@code from} is dropped. When
 * only this direction is blocked, only packets in the ORIGINAL direction of their connection are
 * dropped (conntrack), so connections {@code to} opened to {@code from} keep their replies.
 *
 * <p>Node links through the fault proxy: peers and routers dial a node at its fault-proxy path,
 * so every Raft packet arrives from the proxy's address and sources say nothing. A block whose
 * {@code to} is a storage node is enforced at the sender instead: {@code from} drops what it sends
 * to that node's proxy port (only connections {@code from} opens use that port, which is the
 * one-way meaning, and the opposite block cuts the other side's). Nodes never open connections to
 * routers, so a block from a node to a router needs no rule there.
 *
 * <p>{@link Cluster#CLIENTS} is the fault proxy's side of the canary paths: those blocks are
 * enforced at the router, on its client port only, so a router's own Raft traffic through the
 * proxy is not caught by them.
 */
public final class PartitionRules {

    private final Map<String, String> addresses;
    private final Set<String> storageNodes;
    private final Set<String> routers;
    private final int routerPort;
    private final Map<String, Integer> nodeProxyPorts;

    /**
     * @param addresses every storage node's and router's address, and the fault proxy's under
     *     {@link Cluster#CLIENTS}
     * @param routerPort the port canaries reach routers on
     * @param nodeProxyPorts each storage node's fault-proxy port; empty when node links are direct
     */
    public PartitionRules(
            Map<String, String> addresses,
            Set<String> storageNodes,
            Set<String> routers,
            int routerPort,
            Map<String, Integer> nodeProxyPorts) {
        this.addresses = Map.copyOf(addresses);
        this.storageNodes = Set.copyOf(storageNodes);
        this.routers = Set.copyOf(routers);
        this.routerPort = routerPort;
        this.nodeProxyPorts = Map.copyOf(nodeProxyPorts);
    }

    public List<FilterRule> rules(int faultId, List<Block> blocks) {
        Set<Block> all = new HashSet<>(blocks);
        List<FilterRule> rules = new ArrayList<>();
        for (Block block : new LinkedHashSet<>(blocks)) {
            check(block.from(), block);
            check(block.to(), block);
            boolean bothWays = all.contains(new Block(block.to(), block.from()));
            ruleFor(faultId, block, bothWays, rules);
        }
        return rules;
    }

    private void ruleFor(int faultId, Block block, boolean bothWays, List<FilterRule> rules) {
        String from = block.from();
        String to = block.to();
        List<String> direction = bothWays ? List.of() : List.of("-m", "conntrack", "--ctdir", "ORIGINAL");
        if (from.equals(Cluster.CLIENTS)) {
            rules.add(new FilterRule(
                    to,
                    "INPUT",
                    concat(List.of("-s", addresses.get(Cluster.CLIENTS), "-p", "tcp", "--dport", port()), direction),
                    faultId));
        } else if (to.equals(Cluster.CLIENTS)) {
            rules.add(new FilterRule(
                    from,
                    "OUTPUT",
                    concat(List.of("-d", addresses.get(Cluster.CLIENTS), "-p", "tcp", "--sport", port()), direction),
                    faultId));
        } else if (nodeProxyPorts.isEmpty()) {
            rules.add(new FilterRule(to, "INPUT", concat(List.of("-s", addresses.get(from)), direction), faultId));
        } else if (storageNodes.contains(to)) {
            rules.add(new FilterRule(
                    from,
                    "OUTPUT",
                    List.of(
                            "-d",
                            addresses.get(Cluster.CLIENTS),
                            "-p",
                            "tcp",
                            "--dport",
                            String.valueOf(nodeProxyPorts.get(to))),
                    faultId));
        }
        // Otherwise a node or router "cannot reach" a router through the proxy: neither ever dials one.
    }

    private void check(String member, Block block) {
        if (!member.equals(Cluster.CLIENTS) && !storageNodes.contains(member) && !routers.contains(member)) {
            throw new IllegalArgumentException("block " + block + ": '" + member + "' is not a storage node, router or "
                    + Cluster.CLIENTS + " of this cluster (the archive is never partitioned)");
        }
        if (member.equals(Cluster.CLIENTS)) {
            String other = block.from().equals(member) ? block.to() : block.from();
            if (!routers.contains(other)) {
                throw new IllegalArgumentException(
                        "block " + block + ": clients only reach routers, '" + other + "' is not one");
            }
        }
    }

    private String port() {
        return String.valueOf(routerPort);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
