package dev.gameday.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * Owns every container and the network of one run. Everything it creates carries the run's
 * labels; {@link #close()} removes all of it, and a shutdown hook does the same on Ctrl-C, so a
 * run leaves nothing behind on pass, fail or interrupt. What a killed run leaves behind is found
 * by {@link StaleResourceSweeper} at the start of the next one.
 */
public final class RunContainers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunContainers.class);
    /** Fixed host ports come from here: below Linux's ephemeral range (32768 on). */
    private static final int FIRST_FIXED_PORT = 20000;

    private static final int FIXED_PORT_RANGE = 12000;

    private final RunLabels labels;
    private final Network network;
    /** Member name to its fixed address on the run's network. */
    private final Map<String, String> addresses = new LinkedHashMap<>();

    private final List<GenericContainer<?>> containers = new ArrayList<>();
    private final Thread shutdownHook;
    private boolean closed;
    private final Set<Integer> usedHostPorts = new HashSet<>();
    private int nextFixedPort = new Random().nextInt(FIXED_PORT_RANGE);

    /**
     * @param members every container name the run will add: each gets a fixed address on the run's
     *     network and every container knows all of them by name (see {@link #add})
     */
    public RunContainers(RunLabels labels, List<String> members) {
        this.labels = labels;
        this.network = createNetwork(labels, members);
        this.shutdownHook = new Thread(this::removeAll, "gameday-cleanup-" + labels.runId());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * A network with a subnet of its own, so members keep their addresses across power-off and on.
     * Docker's DNS forgets a stopped container's name and may give it another address when it
     * starts again; a powered-off server in a data centre keeps both. The subnet is picked at
     * random in 10.200.0.0/13 and another is tried if the engine already uses it.
     */
    private Network createNetwork(RunLabels labels, List<String> members) {
        Random random = new Random();
        RuntimeException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            String prefix = "10." + (200 + random.nextInt(8)) + "." + random.nextInt(256);
            Network candidate = Network.builder()
                    .createNetworkCmdModifier(cmd -> cmd.withLabels(labels.asMap())
                            .withIpam(new com.github.dockerjava.api.model.Network.Ipam()
                                    .withConfig(new com.github.dockerjava.api.model.Network.Ipam.Config()
                                            .withSubnet(prefix + ".0/24"))))
                    .build();
            try {
                candidate.getId();
            } catch (RuntimeException taken) {
                last = taken;
                continue;
            }
            for (int i = 0; i < members.size(); i++) {
                addresses.put(members.get(i), prefix + "." + (10 + i));
            }
            return candidate;
        }
        throw new IllegalStateException("could not create a network for run " + labels.runId(), last);
    }

    /**
     * Puts a container on the run's network under {@code alias} at its fixed address, tells it every
     * member's address by name ({@code /etc/hosts}), labels it, and binds each of
     * {@code ports} (if any: a container may keep the ports its class exposes) to a fixed free host port: a container powered off and on again keeps its host ports, so
     * clients of the run need not rediscover them.
     */
    public <C extends GenericContainer<?>> C add(C container, String alias, int... ports) {
        String address = addresses.get(alias);
        if (address == null) {
            throw new IllegalArgumentException(
                    "'" + alias + "' is not a member of run " + labels.runId() + ": " + addresses.keySet());
        }
        container
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withLabels(labels.asMap())
                .withCreateContainerCmdModifier(cmd -> cmd.withIpv4Address(address));
        addresses.forEach(container::withExtraHost);
        if (ports.length > 0) {
            List<String> bindings = new ArrayList<>();
            for (int port : ports) {
                bindings.add(nextHostPort() + ":" + port);
            }
            container.withExposedPorts(boxed(ports));
            container.setPortBindings(bindings);
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("run " + labels.runId() + " is already closed");
            }
            containers.add(container);
        }
        return container;
    }

    /** The fixed address {@code member} has on the run's network. */
    public String address(String member) {
        String address = addresses.get(member);
        if (address == null) {
            throw new IllegalArgumentException(
                    "'" + member + "' is not a member of run " + labels.runId() + ": " + addresses.keySet());
        }
        return address;
    }

    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from the hook itself while the JVM exits.
        }
    }

    private synchronized void removeAll() {
        if (closed) {
            return;
        }
        closed = true;
        // All at once: each removal is a kill and a remove call to the engine (about half a second), and a run has
        // eight or more containers; nothing depends on the order, as the run's data is already on the host.
        List<Thread> removals = new ArrayList<>();
        for (GenericContainer<?> container : containers) {
            Thread removal = new Thread(
                    () -> {
                        try {
                            container.stop();
                        } catch (RuntimeException e) {
                            log.warn("could not remove container {}: {}", container.getContainerName(), e.toString());
                        }
                    },
                    "gameday-remove-" + container.getContainerName());
            removal.start();
            removals.add(removal);
        }
        // Waits through an interrupt (Ctrl-C during a run's end): the network can only go once its containers have.
        boolean interrupted = false;
        for (Thread removal : removals) {
            while (removal.isAlive()) {
                try {
                    removal.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        try {
            network.close();
        } catch (RuntimeException e) {
            log.warn("could not remove network of run {}: {}", labels.runId(), e.toString());
        }
    }

    /**
     * A host port for a fixed binding, below the ephemeral range: the kernel and the Docker engine
     * hand out random ports from that range (Testcontainers' mapped ports, our own probes), so a port
     * picked there can be taken by the time the container starts, and two picks can even collide.
     * Ports are taken in order from a random start, each checked free on every interface, none twice.
     */
    private synchronized int nextHostPort() {
        for (int tries = 0; tries < FIXED_PORT_RANGE; tries++) {
            int candidate = FIRST_FIXED_PORT + Math.floorMod(nextFixedPort++, FIXED_PORT_RANGE);
            if (usedHostPorts.add(candidate) && freeOnEveryInterface(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "no free host port in " + FIRST_FIXED_PORT + ".." + (FIRST_FIXED_PORT + FIXED_PORT_RANGE - 1));
    }

    private static boolean freeOnEveryInterface(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static Integer[] boxed(int[] ports) {
        Integer[] boxed = new Integer[ports.length];
        for (int i = 0; i < ports.length; i++) {
            boxed[i] = ports[i];
        }
        return boxed;
    }
}
