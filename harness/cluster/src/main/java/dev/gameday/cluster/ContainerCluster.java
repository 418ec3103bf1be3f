package dev.gameday.cluster;

import dev.gameday.nemesis.Cluster;
import dev.gameday.nemesis.Endpoint;
import dev.gameday.nemesis.NemesisException;
import dev.gameday.schedule.Topology;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The runner's view of a {@link StoreCluster}: its members under the experiment's names, the
 * router endpoints through the fault proxy, and power and pause faults that return only once the
 * container has actually changed state.
 */
public final class ContainerCluster implements Cluster {

  private static final Duration STATE_CHANGE_TIMEOUT = Duration.ofSeconds(30);

  private final StoreCluster store;
  private final Topology topology;

  public ContainerCluster(StoreCluster store) {
    this.store = store;
    this.topology = Topology.fromShape(store.spec().shape());
  }

  @Override
  public Topology topology() {
    return topology;
  }

  @Override
  public List<Endpoint> endpoints() {
    return store.routers().stream()
        .map(r -> new Endpoint(r.id(), r.az(), r.throughProxy()))
        .toList();
  }

  @Override
  public void powerOff(String node) throws NemesisException {
    act("power off", node, () -> store.powerOff(node), () -> !store.isRunning(node));
  }

  @Override
  public void powerOn(String node) throws NemesisException {
    // Healing is idempotent: a node that is already running (the run was aborted) stays as it is.
    if (store.isRunning(node)) {
      return;
    }
    act("power on", node, () -> store.powerOn(node), () -> store.isRunning(node));
  }

  @Override
  public void pause(String node) throws NemesisException {
    act("pause", node, () -> store.pause(node), () -> store.isStopped(node));
  }

  @Override
  public void resume(String node) throws NemesisException {
    act("resume", node, () -> store.resume(node), () -> !store.isStopped(node));
  }

  @Override
  public String leaderOf(String table, int partition) {
    return store.leaderOf(table, partition);
  }

  private static void act(String what, String node, Runnable action, BooleanSupplier done) throws NemesisException {
    try {
      action.run();
      Awaitility.await(what + " " + node).atMost(STATE_CHANGE_TIMEOUT).pollInterval(Duration.ofMillis(100))
          .until(done::getAsBoolean);
    } catch (ConditionTimeoutException e) {
      throw new NemesisException(what + " " + node + ": the container did not change state within "
          + STATE_CHANGE_TIMEOUT.toSeconds() + "s", e);
    } catch (RuntimeException e) {
      throw new NemesisException(what + " " + node + " failed: " + e.getMessage(), e);
    }
  }
}
