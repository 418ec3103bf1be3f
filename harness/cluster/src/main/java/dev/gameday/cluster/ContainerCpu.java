package dev.gameday.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Statistics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.testcontainers.DockerClientFactory;

/**
 * The CPU time the containers of one run have used since they started, from the engine's own accounting (its
 * stats, the containers' cgroups), added up by role: the image, and for images that run several roles (the store's
 * router, storage node and archive) the role's word that starts the command. Taken before and after a load, the
 * difference says what each part of the system spent on it, whatever the system is.
 */
final class ContainerCpu {

    private static final String IMAGE_LABEL = "dev.gameday.image";
    private static final long STATS_TIMEOUT_SECONDS = 20;

    private final DockerClient docker = DockerClientFactory.instance().client();
    private final String runId;

    ContainerCpu(RunLabels labels) {
        this.runId = labels.runId();
    }

    /** CPU nanoseconds by role so far; a container whose stats do not come within the timeout counts 0. */
    Map<String, Long> snapshot() {
        List<Container> containers = docker.listContainersCmd()
                .withLabelFilter(Map.of(RunLabels.RUN, runId))
                .exec();
        // All at once: the engine takes about a second per container to answer.
        List<CompletableFuture<long[]>> usages = containers.stream()
                .map(c -> CompletableFuture.supplyAsync(() -> new long[] {cpuNanos(c.getId())}))
                .toList();
        Map<String, Long> byRole = new TreeMap<>();
        for (int i = 0; i < containers.size(); i++) {
            byRole.merge(role(containers.get(i)), usages.get(i).join()[0], Long::sum);
        }
        return byRole;
    }

    /** Nanoseconds per role used between two snapshots (roles of {@code after}; a role new since counts whole). */
    static Map<String, Long> between(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> used = new TreeMap<>();
        after.forEach((role, nanos) -> used.put(role, Math.max(0, nanos - before.getOrDefault(role, 0L))));
        return used;
    }

    private long cpuNanos(String containerId) {
        AtomicReference<Statistics> last = new AtomicReference<>();
        try (ResultCallback.Adapter<Statistics> callback = docker.statsCmd(containerId)
                .withNoStream(true)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Statistics statistics) {
                        last.set(statistics);
                    }
                })) {
            callback.awaitCompletion(STATS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            return 0;
        }
        Statistics stats = last.get();
        if (stats == null
                || stats.getCpuStats() == null
                || stats.getCpuStats().getCpuUsage() == null
                || stats.getCpuStats().getCpuUsage().getTotalUsage() == null) {
            return 0;
        }
        return stats.getCpuStats().getCpuUsage().getTotalUsage();
    }

    /** E.g. {@code store-server router}, {@code fault-proxy}, {@code etcd}: a role's word, not a shell or flag. */
    static String role(Container container) {
        String image =
                container.getLabels() == null ? null : container.getLabels().get(IMAGE_LABEL);
        String base = image == null ? container.getImage() : image;
        String command = container.getCommand() == null ? "" : container.getCommand();
        for (String word : command.split(" ")) {
            if (word.matches("router|node|archive|archive-store")) {
                return base + " " + word;
            }
        }
        return base;
    }
}
