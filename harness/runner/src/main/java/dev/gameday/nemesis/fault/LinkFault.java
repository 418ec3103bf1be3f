package dev.gameday.nemesis.fault;

import dev.gameday.experiment.ClusterShape;
import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.FieldChecks;
import dev.gameday.experiment.LinkSpec;
import dev.gameday.experiment.LoadedExperiment.ProblemCollector;
import dev.gameday.nemesis.Links;
import dev.gameday.nemesis.NemesisException;
import dev.gameday.schedule.Topology;
import java.util.List;

/**
 * {@code link}: toxics on fault-proxy paths ({@link LinkSpec}): latency, bandwidth, timeouts, resets,
 * links down; removed when the fault ends.
 *
 * <p>Which paths: {@code into-node}, every link into the target nodes (from peers, and from routers where the
 * system has them); {@code clients}, the canaries' paths to the system's client entries
 * ({@link Topology#clientEntries()}): with {@code target: {az}} those of the AZ's entries (the store's routers,
 * etcd's members), and, in a system whose nodes are their own entries (no routers), a node target ({@code node},
 * {@code random}, {@code partitionLeader}) picks the nodes whose client paths are hit.
 */
public final class LinkFault implements Fault<Links> {

    @Override
    public Class<Links> capability() {
        return Links.class;
    }

    @Override
    public String detailField() {
        return "link";
    }

    @Override
    public Object detail(FaultSpec spec) {
        return spec.link();
    }

    @Override
    public void validate(String at, FaultSpec fault, ClusterShape cluster, ProblemCollector problems) {
        LinkSpec link = fault.link();
        if (link == null) {
            return;
        }
        if (link.paths() == null) {
            problems.add(at + "/link/paths", "missing: clients or into-node");
        } else if (link.paths() == LinkSpec.Paths.INTO_NODE && !cluster.nodeLinksThroughFaultProxy()) {
            problems.add(
                    at + "/link/paths",
                    "into-node links go through the fault proxy only with cluster.nodeLinks: "
                            + ClusterShape.THROUGH_FAULT_PROXY);
        }
        if (link.toxics().isEmpty()) {
            problems.add(
                    at + "/link/toxics",
                    "missing: at least one toxic, e.g. {type: latency, attributes: {latency: 200}}");
        }
        for (int i = 0; i < link.toxics().size(); i++) {
            LinkSpec.Toxic toxic = link.toxics().get(i);
            String t = at + "/link/toxics/" + i;
            if (!FieldChecks.present(problems, t, toxic)) {
                continue;
            }
            if (!LinkSpec.Toxic.TYPES.contains(toxic.type())) {
                problems.add(t + "/type", "unknown toxic '" + toxic.type() + "'; one of " + LinkSpec.Toxic.TYPES);
            }
            if (!LinkSpec.Toxic.STREAMS.contains(toxic.stream())) {
                problems.add(
                        t + "/stream", "unknown stream '" + toxic.stream() + "'; one of " + LinkSpec.Toxic.STREAMS);
            }
            FieldChecks.ratio(problems, t + "/toxicity", toxic.toxicity());
            List<String> known = LinkSpec.Toxic.ATTRIBUTES.getOrDefault(toxic.type(), List.of());
            toxic.attributes().forEach((name, value) -> {
                if (LinkSpec.Toxic.TYPES.contains(toxic.type()) && !known.contains(name)) {
                    problems.add(
                            t + "/attributes/" + name,
                            "a " + toxic.type() + " toxic has no attribute '" + name + "'; it has " + known);
                } else if (value == null || value < 0) {
                    problems.add(t + "/attributes/" + name, "must be a number of at least 0, was " + value);
                }
            });
        }
    }

    /** A node's own client path exists only where canaries talk to the nodes: elsewhere they are the routers'. */
    @Override
    public void validate(String at, FaultSpec fault, Topology topology, ProblemCollector problems) {
        if (clientPaths(fault) && !byAz(fault) && !topology.nodesServeClients()) {
            problems.add(
                    at + "/target",
                    "client paths lead to this system's routers, chosen by AZ: target {az: ...} (its routers' paths)");
        }
    }

    /** An AZ's client paths are its entries' links, not its nodes: the planner picks nodes for any other target. */
    @Override
    public boolean targetsStorageNodes(FaultSpec spec) {
        return !(clientPaths(spec) && byAz(spec));
    }

    @Override
    public String what(FaultSpec spec) {
        LinkSpec link = spec.link();
        return spec.type()
                + (link == null
                        ? ""
                        : " " + link.paths().yamlName() + " "
                                + link.toxics().stream()
                                        .map(LinkSpec.Toxic::type)
                                        .toList());
    }

    @Override
    public List<String> inject(Links links, FaultContext context) throws NemesisException {
        LinkSpec link = context.fault().spec().link();
        FaultSpec spec = context.fault().spec();
        List<String> members = clientPaths(spec) && byAz(spec)
                ? context.topology().clientEntryNames(spec.target().az())
                : context.nodes();
        links.degradeLinks(context.fault().id(), link.paths(), members, link.toxics());
        return List.of("degraded " + link.paths().yamlName() + " paths of " + members);
    }

    @Override
    public void heal(Links links, FaultContext context) throws NemesisException {
        links.healLinks(context.fault().id());
    }

    private static boolean clientPaths(FaultSpec spec) {
        return spec.link() != null && spec.link().paths() == LinkSpec.Paths.CLIENTS;
    }

    private static boolean byAz(FaultSpec spec) {
        return spec.target() != null && spec.target().az() != null;
    }
}
