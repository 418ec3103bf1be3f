package dev.gameday.nemesis.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.FaultType;
import dev.gameday.experiment.LinkSpec;
import dev.gameday.experiment.TargetSpec;
import dev.gameday.nemesis.Links;
import dev.gameday.schedule.PlannedFault;
import dev.gameday.schedule.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which members' paths a link fault hands its engine, in a system with routers and in one without (etcd's). */
class LinkFaultTest {

    private static final List<LinkSpec.Toxic> LATENCY =
            List.of(new LinkSpec.Toxic("latency", null, null, java.util.Map.of("latency", 100L)));

    private static final Topology WITH_ROUTERS = new Topology(
            List.of(new Topology.Member("az1-storage-1", "az1"), new Topology.Member("az2-storage-1", "az2")),
            List.of(new Topology.Member("az1-router-1", "az1"), new Topology.Member("az2-router-1", "az2")));

    private static final Topology WITHOUT_ROUTERS = new Topology(
            List.of(new Topology.Member("az1-etcd-1", "az1"), new Topology.Member("az2-etcd-1", "az2")), List.of());

    /** Records what it was asked to degrade: "clients [az2-router-1]". */
    private static final class RecordingLinks implements Links {
        final List<String> degraded = new ArrayList<>();

        @Override
        public void degradeLinks(int faultId, LinkSpec.Paths paths, List<String> members, List<LinkSpec.Toxic> toxics) {
            degraded.add(paths.yamlName() + " " + members);
        }

        @Override
        public void healLinks(int faultId) {}
    }

    private static List<String> inject(Topology topology, LinkSpec.Paths paths, TargetSpec target, List<String> nodes)
            throws Exception {
        FaultSpec spec = new FaultSpec(
                FaultType.LINK, target, Duration.ZERO, Duration.ofSeconds(1), null, new LinkSpec(paths, LATENCY), null);
        PlannedFault fault = new PlannedFault(1, "chaos", "test", spec, Duration.ZERO, Duration.ofSeconds(1), nodes);
        RecordingLinks links = new RecordingLinks();
        new LinkFault().inject(links, new FaultContext(fault, nodes, topology, 1, c -> {}, step -> {}));
        return links.degraded;
    }

    private static TargetSpec az(String az) {
        return new TargetSpec(null, az, null, null);
    }

    private static TargetSpec node(String node) {
        return new TargetSpec(node, null, null, null);
    }

    @Test
    void anAzsClientPathsAreItsRoutersOrWithoutRoutersItsNodes() throws Exception {
        assertEquals(
                List.of("clients [az2-router-1]"), inject(WITH_ROUTERS, LinkSpec.Paths.CLIENTS, az("az2"), List.of()));
        assertEquals(
                List.of("clients [az2-etcd-1]"), inject(WITHOUT_ROUTERS, LinkSpec.Paths.CLIENTS, az("az2"), List.of()));
    }

    @Test
    void aNodeTargetHitsTheChosenNodesPaths() throws Exception {
        assertEquals(
                List.of("clients [az1-etcd-1]"),
                inject(WITHOUT_ROUTERS, LinkSpec.Paths.CLIENTS, node("az1-etcd-1"), List.of("az1-etcd-1")));
        assertEquals(
                List.of("into-node [az1-etcd-1]"),
                inject(WITHOUT_ROUTERS, LinkSpec.Paths.INTO_NODE, node("az1-etcd-1"), List.of("az1-etcd-1")));
        assertEquals(
                List.of("into-node [az2-storage-1]"),
                inject(WITH_ROUTERS, LinkSpec.Paths.INTO_NODE, az("az2"), List.of("az2-storage-1")));
    }

    @Test
    void theChoiceOfNodesFollowsTheTarget() {
        LinkFault link = new LinkFault();
        FaultSpec byAz = new FaultSpec(
                FaultType.LINK,
                az("az1"),
                Duration.ZERO,
                Duration.ofSeconds(1),
                null,
                new LinkSpec(LinkSpec.Paths.CLIENTS, LATENCY),
                null);
        assertEquals(false, link.targetsStorageNodes(byAz), "an AZ's client paths are not its nodes");
        assertEquals(true, link.targetsStorageNodes(byAz.aimed(node("az1-etcd-1"), Duration.ZERO, Duration.ZERO)));
    }
}
