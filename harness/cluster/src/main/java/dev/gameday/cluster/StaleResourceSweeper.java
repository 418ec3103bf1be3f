package dev.gameday.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import dev.gameday.faultfs.FaultFs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes containers and networks that an earlier run on this host left behind when it was killed
 * before it could clean up (kill -9, a CI timeout). A resource is stale when it carries
 * {@link RunLabels#MANAGED}, was created from this host, and the process that created it is gone;
 * a run still in progress in another process is never touched. Fault filesystems (harness/faultfs) whose
 * harness process is gone are lazily unmounted after the containers that bound them are removed.
 */
public final class StaleResourceSweeper {

    private static final Logger log = LoggerFactory.getLogger(StaleResourceSweeper.class);

    private final DockerClient docker;
    private final String thisHost;

    public StaleResourceSweeper(DockerClient docker) {
        this.docker = docker;
        this.thisHost = RunLabels.hostName();
    }

    public record Swept(int containers, int networks) {}

    public Swept sweep() {
        int containers = 0;
        List<Container> managed = docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(RunLabels.MANAGED, "true"))
                .exec();
        for (Container container : managed) {
            if (isStale(container.getLabels())) {
                log.info(
                        "removing stale container {} of run {}",
                        container.getNames(),
                        container.getLabels().get(RunLabels.RUN));
                removeContainer(container.getId());
                containers++;
            }
        }
        int networks = 0;
        List<Network> managedNetworks = docker.listNetworksCmd()
                .withFilter("label", List.of(RunLabels.MANAGED + "=true"))
                .exec();
        for (Network network : managedNetworks) {
            if (isStale(network.getLabels())) {
                log.info(
                        "removing stale network {} of run {}",
                        network.getName(),
                        network.getLabels().get(RunLabels.RUN));
                try {
                    docker.removeNetworkCmd(network.getId()).exec();
                    networks++;
                } catch (NotFoundException alreadyGone) {
                    // Removed concurrently: nothing left to do.
                }
            }
        }
        for (Path mount : FaultFs.sweepStale()) {
            log.info("unmounted stale fault filesystem {}", mount);
        }
        return new Swept(containers, networks);
    }

    private boolean isStale(Map<String, String> labels) {
        if (labels == null || !thisHost.equals(labels.get(RunLabels.OWNER_HOST))) {
            return false;
        }
        String pid = labels.get(RunLabels.OWNER_PID);
        if (pid == null) {
            return true;
        }
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private void removeContainer(String id) {
        try {
            docker.removeContainerCmd(id)
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
        } catch (NotFoundException alreadyGone) {
            // Removed concurrently: nothing left to do.
        }
    }
}
