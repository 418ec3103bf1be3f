package dev.gameday.cluster;

import dev.gameday.experiment.PartitionSpec.Blocked;
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
 *
 * <p>A partition whose blocked packets are {@link Blocked#REFUSED} answers TCP with a reset where the rule is, so
 * a connection attempt fails at once and an open connection is reset (at an OUTPUT rule, the sender's own
 * socket); other protocols are dropped.
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

    public List<FilterRule> rules(int faultId, List<Block> blocks, Blocked blocked) {
        Set<Block> all = new HashSet<>(blocks);
        List<FilterRule> rules = new ArrayList<>();
        for (Block block : new LinkedHashSet<>(blocks)) {
            check(block.from(), block);
            check(block.to(), block);
            boolean bothWays = all.contains(new Block(block.to(), block.from()));
            Placement placement = placementOf(block, bothWays);
            if (placement != null) {
                rules.addAll(placement.rules(faultId, blocked));
            }
        }
        return rules;
    }

    /**
     * Where one block is enforced: a chain of a member, packets to or from an address, maybe on one TCP port
     * ({@code tcp} empty: every protocol), in one direction of their connection or both.
     */
    private record Placement(
            String member, String chain, List<String> address, List<String> tcp, List<String> direction) {

        /**
         * A dropped block is one DROP. A refused one answers TCP with a reset and drops the rest; resets themselves
         * pass, or the two sides of a cut would drop each other's (a reset is never answered with one).
         */
        List<FilterRule> rules(int faultId, Blocked blocked) {
            if (blocked == Blocked.DROPPED) {
                return List.of(new FilterRule(member, chain, concat(address, tcp, direction), faultId, false));
            }
            List<String> tcpButResets = concat(
                    tcp.isEmpty() ? List.of("-p", "tcp") : tcp, List.of("!", "--tcp-flags", "RST", "RST"), List.of());
            FilterRule reset = new FilterRule(member, chain, concat(address, tcpButResets, direction), faultId, true);
            if (!tcp.isEmpty()) {
                return List.of(reset);
            }
            return List.of(
                    reset,
                    new FilterRule(
                            member, chain, concat(address, List.of("!", "-p", "tcp"), direction), faultId, false));
        }
    }

    /** Null when the block needs no rule: a node or router "cannot reach" a router through the proxy, and neither ever dials one. */
    private Placement placementOf(Block block, boolean bothWays) {
        String from = block.from();
        String to = block.to();
        List<String> direction = bothWays ? List.of() : List.of("-m", "conntrack", "--ctdir", "ORIGINAL");
        String proxy = addresses.get(Cluster.CLIENTS);
        if (from.equals(Cluster.CLIENTS)) {
            return new Placement(to, "INPUT", List.of("-s", proxy), List.of("-p", "tcp", "--dport", port()), direction);
        } else if (to.equals(Cluster.CLIENTS)) {
            return new Placement(
                    from, "OUTPUT", List.of("-d", proxy), List.of("-p", "tcp", "--sport", port()), direction);
        } else if (nodeProxyPorts.isEmpty()) {
            return new Placement(to, "INPUT", List.of("-s", addresses.get(from)), List.of(), direction);
        } else if (storageNodes.contains(to)) {
            return new Placement(
                    from,
                    "OUTPUT",
                    List.of("-d", proxy),
                    List.of("-p", "tcp", "--dport", String.valueOf(nodeProxyPorts.get(to))),
                    List.of());
        }
        return null;
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

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }
}
