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
        } else if (link.paths() == LinkSpec.Paths.CLIENTS) {
            if (fault.target() != null && fault.target().az() == null) {
                problems.add(at + "/target", "client paths are chosen by AZ: target {az: ...} (its routers' paths)");
            }
        } else if (!cluster.nodeLinksThroughFaultProxy()) {
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

    /** Client paths are the routers' links, chosen by the target's AZ: no storage node is hit. */
    @Override
    public boolean targetsStorageNodes(FaultSpec spec) {
        return !clientPaths(spec);
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
        List<String> members = clientPaths(context.fault().spec())
                ? routersOf(context.topology(), context.fault().target().az())
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

    private static List<String> routersOf(Topology topology, String az) {
        return topology.routers().stream()
                .filter(r -> r.az().equals(az))
                .map(Topology.Member::name)
                .toList();
    }
}
