package dev.gameday.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.cluster.ContainerLogFiles;
import dev.gameday.cluster.PowerControl;
import dev.gameday.cluster.RunContainers;
import dev.gameday.cluster.RunLabels;
import dev.gameday.cluster.StaleResourceSweeper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.lifecycle.Startables;

/**
 * An etcd cluster as containers of one run: {@code membersPerAz} members in each AZ, named
 * {@code az1-etcd-1}, ..., each with its data directory in the run directory on the host
 * ({@code data/<member>}) and its output in {@code <member>.log}. The containers and the network carry the run's
 * labels through {@link RunContainers}, so they are removed on pass, fail and Ctrl-C, and swept by the next run
 * if this process was killed.
 *
 * <pre>
 * try (EtcdCluster etcd = new EtcdCluster(runDir, labels).withAzs(List.of("az1", "az2", "az3")).start(timeout)) {
 *   String leader = etcd.awaitLeader(timeout);
 *   etcd.powerOff(leader);
 * }
 * </pre>
 */
public final class EtcdCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EtcdCluster.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A member of the run and where the harness reaches its client port (a fixed host port, kept across restarts). */
  public record Member(String name, String az, String containerId, URI clientUrl) {}

  private final Path runDir;
  private final RunLabels labels;
  private List<String> azs = List.of("az1", "az2", "az3");
  private int membersPerAz = 1;
  private final PowerControl power = new PowerControl(DockerClientFactory.instance().client());
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, EtcdContainer> containers = new LinkedHashMap<>();
  private final Map<String, Member> members = new LinkedHashMap<>();
  private RunContainers run;
  private ContainerLogFiles logFiles;

  /** @param runDir where the members' data directories ({@code data/}) and log files go */
  public EtcdCluster(Path runDir, RunLabels labels) {
    this.runDir = runDir;
    this.labels = labels;
  }

  public EtcdCluster withAzs(List<String> azs) {
    this.azs = List.copyOf(azs);
    return this;
  }

  public EtcdCluster withMembersPerAz(int count) {
    this.membersPerAz = count;
    return this;
  }

  public static String memberName(String az, int ordinal) {
    return az + "-etcd-" + ordinal;
  }

  /** Starts every member together (each waits for a quorum of the others) and returns once all serve clients. */
  public EtcdCluster start() {
    new StaleResourceSweeper(DockerClientFactory.instance().client()).sweep();
    Map<String, String> azOf = new LinkedHashMap<>();
    for (String az : azs) {
      for (int i = 1; i <= membersPerAz; i++) {
        azOf.put(memberName(az, i), az);
      }
    }
    List<String> names = List.copyOf(azOf.keySet());
    run = new RunContainers(labels, names);
    logFiles = new ContainerLogFiles(name -> runDir.resolve(name + ".log"), labels.runId());
    azOf.forEach((name, az) -> {
      EtcdContainer container = new EtcdContainer(name)
          .withInitialCluster(names)
          .withClusterToken(labels.runId())
          .withAz(az)
          .withDataDirOnHost(createDataDir(name))
          .withLogConsumer(logFiles.consumerFor(name));
      containers.put(name, run.add(container, name, EtcdContainer.CLIENT_PORT));
    });
    Startables.deepStart(containers.values()).join();
    azOf.forEach((name, az) -> {
      EtcdContainer container = containers.get(name);
      members.put(name, new Member(name, az, container.getContainerId(), URI.create(
          "http://" + container.getHost() + ":" + container.getMappedPort(EtcdContainer.CLIENT_PORT))));
    });
    log.info("etcd up: {}", members.keySet());
    return this;
  }

  public List<Member> members() {
    return List.copyOf(members.values());
  }

  public Member member(String name) {
    Member member = members.get(name);
    if (member == null) {
      throw new IllegalArgumentException("no etcd member " + name + " in this cluster; members: " + members.keySet());
    }
    return member;
  }

  /** The host folder bind-mounted as the member's data directory. */
  public Path hostDataDir(String member) {
    return runDir.resolve("data").resolve(member);
  }

  /** The member's fixed address on the run's network (for partitions). */
  public String address(String member) {
    return run.address(member);
  }

  /** SIGKILL to the member's container: no shutdown, no flush. */
  public void powerOff(String member) {
    power.powerOff(member(member).containerId());
  }

  /** Starts the same container again: same address, same host port, same data directory. */
  public void powerOn(String member) {
    Instant startedAt = Instant.now();
    power.powerOn(member(member).containerId());
    logFiles.followAgain(DockerClientFactory.instance().client(), member(member).containerId(), member, startedAt);
  }

  /** SIGSTOP: the process is frozen mid-flight, its sockets stay open. */
  public void pause(String member) {
    power.pause(member(member).containerId());
  }

  public void resume(String member) {
    power.resume(member(member).containerId());
  }

  public boolean isRunning(String member) {
    return power.isRunning(member(member).containerId());
  }

  public boolean isPaused(String member) {
    return power.isStopped(member(member).containerId());
  }

  /** Runs {@code command} inside the member's container (iptables, etcdctl) and waits for it. */
  public ExecResult exec(String member, String... command) {
    try {
      return containers.get(member(member).name()).execInContainer(command);
    } catch (IOException e) {
      throw new UncheckedIOException("in " + member + ": '" + String.join(" ", command) + "' failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running '" + String.join(" ", command) + "' in " + member, e);
    }
  }

  /**
   * What a member says of itself ({@code Status} through etcd's JSON gateway), or empty if it does not answer
   * within two seconds (powered off, paused, partitioned from the host).
   */
  public Optional<MemberStatus> status(String member) {
    if (!isRunning(member) || isPaused(member)) {
      return Optional.empty();
    }
    HttpRequest request = HttpRequest.newBuilder(member(member).clientUrl().resolve("/v3/maintenance/status"))
        .timeout(Duration.ofSeconds(2))
        .POST(HttpRequest.BodyPublishers.ofString("{}"))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      return Optional.of(MemberStatus.parse(member, JSON.readTree(response.body())));
    } catch (IOException unreachable) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * The member that leads now: of the members that answer and believe they lead, the one with the highest term
   * (a leader cut off from the others may not know yet that a newer term has another).
   */
  public Optional<String> leader() {
    MemberStatus best = null;
    for (String member : members.keySet()) {
      Optional<MemberStatus> status = status(member);
      if (status.isPresent() && status.get().leads() && (best == null || status.get().raftTerm() > best.raftTerm())) {
        best = status.get();
      }
    }
    return Optional.ofNullable(best).map(MemberStatus::member);
  }

  /** Waits until some member leads, other than {@code notThis} (a leader just powered off) if given. */
  public String awaitLeader(Duration timeout, String... notThis) {
    List<String> excluded = List.of(notThis);
    return Awaitility.await("an etcd leader other than " + excluded)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> leader().filter(l -> !excluded.contains(l)).orElse(null), l -> l != null);
  }

  @Override
  public void close() {
    try {
      if (run != null) {
        run.close();
      }
    } finally {
      if (logFiles != null) {
        logFiles.close();
      }
    }
  }

  private Path createDataDir(String member) {
    try {
      // Owner only, as etcd recommends (it warns about anything wider on every start).
      Path dir = Files.createDirectories(hostDataDir(member));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory of " + member, e);
    }
  }
}
