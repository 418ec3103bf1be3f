package dev.gameday.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gameday.canary.ClassifiedCallException;
import dev.gameday.canary.Command;
import dev.gameday.canary.Outcome;
import dev.gameday.history.OpType;
import io.grpc.Status;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class EtcdOutcomesTest {

  @Test
  void aFalseCompareAppliedNothing() {
    assertEquals(new Outcome(OpType.FAIL, "compare-failed"),
        EtcdOutcomes.classify(new CompareFailedException("r1", 3)));
  }

  @Test
  void errorsEtcdReturnsBeforeProposingAreFailures() {
    assertEquals(new Outcome(OpType.FAIL, "invalid_argument: etcdserver: request is too large"), EtcdOutcomes.classify(
        Status.INVALID_ARGUMENT.withDescription("etcdserver: request is too large").asRuntimeException()));
    assertEquals(OpType.FAIL, EtcdOutcomes.classify(
        Status.RESOURCE_EXHAUSTED.withDescription("etcdserver: too many requests").asRuntimeException()).type());
    assertEquals(OpType.FAIL, EtcdOutcomes.classify(
        Status.OUT_OF_RANGE.withDescription("etcdserver: mvcc: required revision has been compacted")
            .asRuntimeException()).type());
  }

  @Test
  void unavailableMayHaveBeenApplied() {
    // etcd answers "request timed out" and "leader changed" after the entry went to the Raft log: it may commit.
    assertEquals(new Outcome(OpType.INFO, "unavailable: etcdserver: request timed out"), EtcdOutcomes.classify(
        Status.UNAVAILABLE.withDescription("etcdserver: request timed out").asRuntimeException()));
    assertEquals(OpType.INFO, EtcdOutcomes.classify(
        Status.UNAVAILABLE.withDescription("etcdserver: leader changed").asRuntimeException()).type());
    assertEquals(new Outcome(OpType.INFO, "timeout"),
        EtcdOutcomes.classify(Status.DEADLINE_EXCEEDED.asRuntimeException()));
    assertEquals(new Outcome(OpType.INFO, "timeout"), EtcdOutcomes.classify(new TimeoutException()));
    assertEquals(new Outcome(OpType.INFO, "client-error: IllegalStateException"),
        EtcdOutcomes.classify(new IllegalStateException("closed")));
  }

  @Test
  void aRealClientRefusedAtTheDoorRecordsAFailure() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (EtcdCanaryClient client = new EtcdCanaryClient(List.of(URI.create("http://127.0.0.1:" + closedPort)),
        Duration.ofSeconds(3))) {
      ClassifiedCallException refused = assertThrows(ClassifiedCallException.class,
          () -> client.execute(new Command("write", "r1", 1L, 10)));
      assertEquals(new Outcome(OpType.FAIL, "connection-refused"), refused.outcome(), refused::toString);
    }
  }

  @Test
  void aRealClientWithNoAnswerRecordsAnUnknownOutcome() throws Exception {
    // A listener that accepts the connection and never answers: a paused member, as the client sees it.
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept());
          }
        } catch (Exception closed) {
          // The test is over.
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      try (EtcdCanaryClient client = new EtcdCanaryClient(
          List.of(URI.create("http://127.0.0.1:" + silent.getLocalPort())), Duration.ofMillis(1500))) {
        long started = System.nanoTime();
        ClassifiedCallException unknown = assertThrows(ClassifiedCallException.class,
            () -> client.execute(new Command("cas", "r1", List.of(1L, 2L), 10)));
        assertEquals(OpType.INFO, unknown.outcome().type(), unknown::toString);
        assertEquals("timeout", unknown.outcome().error());
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(true, tookMillis < 5000, "the call timeout bounds the call: took " + tookMillis + " ms");
      }
    } finally {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }
}
