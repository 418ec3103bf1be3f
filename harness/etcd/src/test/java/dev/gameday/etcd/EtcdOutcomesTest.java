package dev.gameday.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gameday.canary.Outcome;
import dev.gameday.history.OpType;
import io.grpc.Status;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class EtcdOutcomesTest {

    @Test
    void aFalseCompareAppliedNothing() {
        assertEquals(
                new Outcome(OpType.FAIL, "compare-failed"), EtcdOutcomes.classify(new CompareFailedException("r1", 3)));
    }

    @Test
    void errorsEtcdReturnsBeforeProposingAreFailures() {
        assertEquals(
                new Outcome(OpType.FAIL, "invalid_argument: etcdserver: request is too large"),
                EtcdOutcomes.classify(Status.INVALID_ARGUMENT
                        .withDescription("etcdserver: request is too large")
                        .asRuntimeException()));
        assertEquals(
                OpType.FAIL,
                EtcdOutcomes.classify(Status.RESOURCE_EXHAUSTED
                                .withDescription("etcdserver: too many requests")
                                .asRuntimeException())
                        .type());
        assertEquals(
                OpType.FAIL,
                EtcdOutcomes.classify(Status.OUT_OF_RANGE
                                .withDescription("etcdserver: mvcc: required revision has been compacted")
                                .asRuntimeException())
                        .type());
    }

    @Test
    void unavailableMayHaveBeenApplied() {
        // etcd answers "request timed out" and "leader changed" after the entry went to the Raft log: it may commit.
        assertEquals(
                new Outcome(OpType.INFO, "unavailable: etcdserver: request timed out"),
                EtcdOutcomes.classify(Status.UNAVAILABLE
                        .withDescription("etcdserver: request timed out")
                        .asRuntimeException()));
        assertEquals(
                OpType.INFO,
                EtcdOutcomes.classify(Status.UNAVAILABLE
                                .withDescription("etcdserver: leader changed")
                                .asRuntimeException())
                        .type());
        assertEquals(
                new Outcome(OpType.INFO, "timeout"),
                EtcdOutcomes.classify(Status.DEADLINE_EXCEEDED.asRuntimeException()));
        assertEquals(new Outcome(OpType.INFO, "timeout"), EtcdOutcomes.classify(new TimeoutException()));
        assertEquals(
                new Outcome(OpType.INFO, "client-error: IllegalStateException"),
                EtcdOutcomes.classify(new IllegalStateException("closed")));
    }
}
