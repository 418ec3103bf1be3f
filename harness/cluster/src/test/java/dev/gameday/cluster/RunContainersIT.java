package dev.gameday.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/** Runs against the real local engine with the project's base image. */
@Tag("docker")
class RunContainersIT {

    private static final DockerImageName BASE = DockerImageName.parse("gameday/base:bookworm-jre17");

    private final DockerClient docker = DockerClientFactory.instance().client();

    private static GenericContainer<?> sleeper() {
        // Nothing listens on the exposed port: readiness is the log line, not the port.
        return new GenericContainer<>(BASE)
                .withCommand("sh", "-c", "echo ready; exec sleep 600")
                .waitingFor(Wait.forLogMessage("ready\\n", 1));
    }

    @Test
    void powerOffKeepsDiskAndHostPortsAndCloseRemovesEverything() {
        RunLabels labels = RunLabels.forThisProcess("test-" + UUID.randomUUID());
        String id;
        int hostPort;
        try (RunContainers run = new RunContainers(labels, List.of("node-1"))) {
            GenericContainer<?> node = run.add(sleeper(), "node-1", 8000);
            node.start();
            id = node.getContainerId();
            hostPort = node.getMappedPort(8000);
            String address = addressOf(id);
            exec(node, "sh", "-c", "echo durable > /tmp/marker");

            PowerControl power = new PowerControl(docker);
            power.powerOff(id);
            await().atMost(Duration.ofSeconds(20)).until(() -> !power.isRunning(id));
            assertEquals(
                    137,
                    docker.inspectContainerCmd(id).exec().getState().getExitCodeLong(),
                    "SIGKILL exits with 128+9");

            power.powerOn(id);
            await().atMost(Duration.ofSeconds(20)).until(() -> power.isRunning(id));
            String hostPortAfter = docker.inspectContainerCmd(id)
                    .exec()
                    .getNetworkSettings()
                    .getPorts()
                    .getBindings()
                    .values()
                    .iterator()
                    .next()[0]
                    .getHostPortSpec();
            assertEquals(Integer.toString(hostPort), hostPortAfter, "host port survives power-off");
            assertEquals("durable", exec(node, "cat", "/tmp/marker"), "the container's disk survives power-off");
            assertEquals(address, addressOf(id), "the container's network address survives power-off");
            assertTrue(
                    exec(node, "cat", "/etc/hosts").contains(address + "\tnode-1"), "members know each other by name");

            power.pause(id);
            assertEquals("T", exec(node, "ps", "-o", "stat=", "-p", "1").substring(0, 1), "SIGSTOP stops PID 1");
            power.resume(id);
            assertEquals("S", exec(node, "ps", "-o", "stat=", "-p", "1").substring(0, 1), "SIGCONT resumes PID 1");
        }
        assertTrue(
                docker.listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(Map.of(RunLabels.RUN, labels.runId()))
                        .exec()
                        .isEmpty(),
                "containers removed");
        assertTrue(
                docker.listNetworksCmd()
                        .withFilter("label", List.of(RunLabels.RUN + "=" + labels.runId()))
                        .exec()
                        .isEmpty(),
                "network removed");
    }

    @Test
    void sweeperRemovesWhatADeadRunLeftAndSparesLiveRuns() {
        RunLabels dead = new RunLabels("dead-" + UUID.randomUUID(), deadPid(), RunLabels.hostName());
        GenericContainer<?> orphan = sleeper().withLabels(dead.asMap());
        orphan.start();
        String orphanId = orphan.getContainerId();
        try (RunContainers live =
                new RunContainers(RunLabels.forThisProcess("live-" + UUID.randomUUID()), List.of("live-node"))) {
            GenericContainer<?> liveNode = live.add(sleeper(), "live-node");
            liveNode.start();

            StaleResourceSweeper.Swept swept = new StaleResourceSweeper(docker).sweep();

            assertTrue(swept.containers() >= 1, "the dead run's container is swept");
            assertFalse(
                    docker.listContainersCmd().withShowAll(true).exec().stream()
                            .anyMatch(c -> c.getId().equals(orphanId)),
                    "orphan is gone");
            assertTrue(new PowerControl(docker).isRunning(liveNode.getContainerId()), "a live run is untouched");
        }
    }

    private String addressOf(String containerId) {
        return docker.inspectContainerCmd(containerId)
                .exec()
                .getNetworkSettings()
                .getNetworks()
                .values()
                .iterator()
                .next()
                .getIpAddress();
    }

    private static String exec(GenericContainer<?> container, String... command) {
        try {
            return container.execInContainer(command).getStdout().trim();
        } catch (Exception e) {
            throw new AssertionError("exec failed: " + String.join(" ", command), e);
        }
    }

    /** A pid that belongs to no process: one past the highest live pid, checked. */
    private static long deadPid() {
        long candidate =
                ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1) + 1000;
        while (ProcessHandle.of(candidate).isPresent()) {
            candidate++;
        }
        return candidate;
    }
}
