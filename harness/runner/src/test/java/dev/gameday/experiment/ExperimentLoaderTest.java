package dev.gameday.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentLoaderTest {
    /** A valid file; each test breaks one line of it. Line numbers below refer to this text. */
    static final String VALID = """
            seed: 42
            cluster:
              azs: [az1, az2, az3]
              storageNodesPerAz: 2
              routersPerAz: 1
              tables:
                - {name: canary, partitions: 4}
            workload:
              table: canary
              ratePerAz: 10
              registerKeys: 4
              mix: {read: 1, write: 1, cas: 1, uniqueWrite: 1}
              itemBytes: {min: 10, max: 100}
            schedule:
              - name: warm-up
                duration: 10s
              - name: faults
                duration: 1m
                faults:
                  - type: power-off
                    target: {az: az1}
                    at: 5s
                    duration: 20s
            hypothesis:
              successRatio: 0.99
              recovery: 10s
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private ExperimentException.Problem onlyProblem(String yaml) throws IOException {
        Path file = write("broken.yaml", yaml);
        ExperimentException e = assertThrows(ExperimentException.class, () -> new ExperimentLoader().load(file));
        assertEquals(1, e.problems().size(), e.getMessage());
        ExperimentException.Problem problem = e.problems().get(0);
        assertTrue(
                e.getMessage().startsWith(file + ":" + problem.line() + ": field " + problem.field() + ": "),
                e.getMessage());
        return problem;
    }

    private static String replace(String from, String to) {
        assertTrue(VALID.contains(from), "test text must contain " + from);
        return VALID.replace(from, to);
    }

    @Test
    void loadsAValidFileAndNamesItAfterTheFile() throws Exception {
        LoadedExperiment loaded = new ExperimentLoader().load(write("my-test.yaml", VALID));
        Experiment e = loaded.experiment();
        assertEquals("my-test", e.name());
        assertEquals(42L, e.seed());
        assertEquals(List.of("az1", "az2", "az3"), e.cluster().azs());
        assertEquals(Duration.ofSeconds(5), e.schedule().get(1).faults().get(0).at());
        assertEquals(FaultType.POWER_OFF, e.schedule().get(1).faults().get(0).type());
        assertEquals(AvailabilitySpec.DEFAULT, e.availability());
        assertEquals(Experiment.DEFAULT_SYSTEM, e.system());
    }

    @Test
    void namesTheSystemUnderTestWithSystem() throws Exception {
        Experiment e = new ExperimentLoader()
                .load(write("etcd.yaml", "system: etcd\n" + VALID))
                .experiment();
        assertEquals("etcd", e.system());
    }

    @Test
    void fewerHotKeysThanPartitionsLeaveAGroupUnchecked() throws Exception {
        var p = onlyProblem(replace("  registerKeys: 4", "  registerKeys: 3"));
        assertEquals(11, p.line());
        assertEquals("workload.registerKeys", p.field());
        assertTrue(p.message().contains("at least the 4 partitions of table 'canary', was 3"), p.message());
    }

    @Test
    void unknownField() throws Exception {
        var p = onlyProblem(replace("  registerKeys: 4", "  registerKeys: 4\n  hotKeys: 4"));
        assertEquals(12, p.line());
        assertEquals("workload.hotKeys", p.field());
        assertTrue(
                p.message().contains("unknown field 'hotKeys'") && p.message().contains("registerKeys"), p.message());
    }

    @Test
    void wrongType() throws Exception {
        var p = onlyProblem(replace("storageNodesPerAz: 2", "storageNodesPerAz: two"));
        assertEquals(4, p.line());
        assertEquals("cluster.storageNodesPerAz", p.field());
        assertTrue(p.message().contains("expected a whole number"), p.message());
    }

    @Test
    void numberInQuotesIsNotSilentlyConverted() throws Exception {
        var p = onlyProblem(replace("storageNodesPerAz: 2", "storageNodesPerAz: \"2\""));
        assertEquals("cluster.storageNodesPerAz", p.field());
    }

    @Test
    void negativeDuration() throws Exception {
        var p = onlyProblem(replace("at: 5s", "at: -5s"));
        assertEquals(22, p.line());
        assertEquals("schedule[1].faults[0].at", p.field());
        assertTrue(p.message().contains("must not be negative"), p.message());
    }

    @Test
    void quietBeforeIsRealTimeAndBounded() throws Exception {
        Experiment e = new ExperimentLoader()
                .load(write("quiet.yaml", VALID.replace("at: 5s", "at: 5s\n        quietBefore: 2s")))
                .experiment()
                .scaled(new TimeScale(0.1));
        assertEquals(
                Duration.ofSeconds(2),
                e.schedule().get(1).faults().get(0).quietBefore(),
                "heartbeats do not speed up with the schedule");
        var p = onlyProblem(replace("at: 5s", "at: 5s\n        quietBefore: 1m"));
        assertEquals(23, p.line());
        assertEquals("schedule[1].faults[0].quietBefore", p.field());
        assertTrue(p.message().contains("at most 30s"), p.message());
    }

    @Test
    void durationWithoutUnit() throws Exception {
        var p = onlyProblem(replace("duration: 10s", "duration: 10"));
        assertEquals(16, p.line());
        assertEquals("schedule[0].duration", p.field());
        assertTrue(p.message().contains("units"), p.message());
    }

    @Test
    void unknownAzInATarget() throws Exception {
        var p = onlyProblem(replace("target: {az: az1}", "target: {az: az9}"));
        assertEquals(21, p.line());
        assertEquals("schedule[1].faults[0].target.az", p.field());
        assertTrue(p.message().contains("unknown AZ 'az9'"), p.message());
    }

    @Test
    void randomCountAboveTheNodes() throws Exception {
        var p = onlyProblem(replace("target: {az: az1}", "target: {random: {count: 7}}"));
        assertEquals(21, p.line());
        assertEquals("schedule[1].faults[0].target.random.count", p.field());
        assertTrue(p.message().contains("between 1 and the 6 storage nodes"), p.message());
    }

    @Test
    void randomCountAboveTheNodesOfItsAz() throws Exception {
        var p = onlyProblem(replace("target: {az: az1}", "target: {random: {count: 3, az: az2}}"));
        assertEquals("schedule[1].faults[0].target.random.count", p.field());
        assertTrue(p.message().contains("2 storage nodes of az2"), p.message());
    }

    @Test
    void missingSeed() throws Exception {
        var p = onlyProblem(replace("seed: 42\n", "description: no seed\n"));
        assertEquals(1, p.line());
        assertEquals("seed", p.field());
        assertTrue(p.message().startsWith("missing"), p.message());
    }

    @Test
    void missingFieldIsReportedAtItsParent() throws Exception {
        var p = onlyProblem(replace("  recovery: 10s\n", ""));
        assertEquals(24, p.line());
        assertEquals("hypothesis.recovery", p.field());
    }

    @Test
    void faultOutsideItsPhase() throws Exception {
        var p = onlyProblem(replace("duration: 20s", "duration: 56s"));
        assertEquals(23, p.line());
        assertEquals("schedule[1].faults[0].duration", p.field());
        assertTrue(p.message().contains("after its phase 'faults' ends at 1m"), p.message());
    }

    @Test
    void aPartitionWithoutItsShapeIsNamed() throws Exception {
        var p = onlyProblem(replace("type: power-off", "type: partition"));
        assertEquals("schedule[1].faults[0].partition", p.field());
        assertTrue(p.message().startsWith("missing"), p.message());
    }

    @Test
    void aDetailOfAnotherFaultTypeIsRefused() throws Exception {
        var p = onlyProblem(replace("type: power-off", "type: power-off\n        partition: {shape: isolate}"));
        assertEquals(21, p.line());
        assertEquals("schedule[1].faults[0].partition", p.field());
        assertTrue(
                p.message().contains("only a partition fault takes this field; this fault is a power-off"),
                p.message());
    }

    @Test
    void theMinorityOfHalvesMustBeAMinority() throws Exception {
        var p = onlyProblem(replace("type: power-off", "type: partition\n        partition: {shape: halves}")
                .replace("target: {az: az1}", "target: {random: {count: 3}}"));
        assertEquals("schedule[1].faults[0].target", p.field());
        assertTrue(p.message().contains("fewer than half of the 6 storage nodes"), p.message());
    }

    @Test
    void intoNodeLinksNeedNodeTrafficThroughTheProxy() throws Exception {
        var p = onlyProblem(replace(
                "type: power-off",
                "type: link\n        link: {paths: into-node,"
                        + " toxics: [{type: latency, attributes: {latency: 100}}]}"));
        assertEquals("schedule[1].faults[0].link.paths", p.field());
        assertTrue(p.message().contains("cluster.nodeLinks: through-fault-proxy"), p.message());
    }

    @Test
    void anUnknownToxicIsNamed() throws Exception {
        var p = onlyProblem(
                replace("type: power-off", "type: link\n        link: {paths: clients," + " toxics: [{type: lag}]}"));
        assertEquals("schedule[1].faults[0].link.toxics[0].type", p.field());
        assertTrue(p.message().contains("unknown toxic 'lag'"), p.message());
    }

    @Test
    void anAttributeTheToxicDoesNotHaveIsNamed() throws Exception {
        var p = onlyProblem(replace(
                "type: power-off",
                "type: link\n        link: {paths: clients,"
                        + " toxics: [{type: latency, attributes: {latency: 100, delay: 5}}]}"));
        assertEquals("schedule[1].faults[0].link.toxics[0].attributes.delay", p.field());
        assertTrue(
                p.message().contains("a latency toxic has no attribute 'delay'; it has [latency, jitter]"),
                p.message());
    }

    @Test
    void anArchiveCorruptionHasNoTarget() throws Exception {
        var p = onlyProblem(
                replace("type: power-off", "type: corrupt\n        corrupt: {where: archive, how: flip-bits}"));
        assertEquals("schedule[1].faults[0].target", p.field());
        assertTrue(p.message().contains("hits no node"), p.message());
    }

    @Test
    void aLiveLogTailCorruptionIsRefusedWithTheReason() throws Exception {
        var p = onlyProblem(replace(
                "type: power-off", "type: corrupt\n        corrupt: {where: log-tail, how: truncate, when: live}"));
        assertEquals("schedule[1].faults[0].corrupt.when", p.field());
        assertTrue(p.message().contains("at-rest"), p.message());
    }

    @Test
    void aSlowDiskNeedsItsLatencyAndRefusesAnotherKindsField() throws Exception {
        var p = onlyProblem(replace("type: power-off", "type: disk\n        disk: {kind: slow, ops: [fsync]}"));
        assertEquals("schedule[1].faults[0].disk.latency", p.field());
        assertTrue(p.message().contains("missing"), p.message());
        p = onlyProblem(
                replace("type: power-off", "type: disk\n        disk: {kind: slow, latency: 200ms, afterBytes: 4MB}"));
        assertEquals("schedule[1].faults[0].disk.afterBytes", p.field());
        assertTrue(p.message().contains("only a disk fault of kind full"), p.message());
    }

    @Test
    void diskFaultsAreCheckedByKind() throws Exception {
        var p = onlyProblem(replace("type: power-off", "type: disk\n        disk: {kind: errors, probability: 1.5}"));
        assertEquals("schedule[1].faults[0].disk.probability", p.field());
        p = onlyProblem(replace("type: power-off", "type: disk\n        disk: {kind: full, afterBytes: lots}"));
        assertTrue(p.message().contains("'lots' is not a size"), p.message());
        p = onlyProblem(
                replace("type: power-off", "type: disk\n        disk: {kind: full, afterBytes: 4MB, files: raft-log}"));
        assertEquals("schedule[1].faults[0].disk.files", p.field());
        p = onlyProblem(replace("type: power-off", "type: disk\n        disk: {kind: fsync-gate, ops: [read]}"));
        assertEquals("schedule[1].faults[0].disk.ops", p.field());
        p = onlyProblem(replace("type: power-off", "type: disk\n        disk: {kind: slow, latency: 1ms, files: wal}"));
        assertTrue(
                p.message().contains("unknown disk file set 'wal'; one of [raft-log, item-files, all]"), p.message());
        p = onlyProblem(replace("type: power-off", "type: disk"));
        assertEquals("schedule[1].faults[0].disk", p.field());
    }

    @Test
    void aDiskFaultOnARouterIsRefused() throws Exception {
        var p = onlyProblem(replace(
                "type: power-off\n        target: {az: az1}",
                "type: disk\n        target: {node: az1-router-1}\n        disk: {kind: full, afterBytes: 1MB}"));
        assertEquals("schedule[1].faults[0].target.node", p.field());
        assertTrue(p.message().contains("no storage node 'az1-router-1'"), p.message());
    }

    @Test
    void anUnknownPartitionShapeIsNamed() throws Exception {
        var p = onlyProblem(replace("type: power-off", "type: partition\n        partition: {shape: triangle}"));
        assertTrue(
                p.message()
                        .contains(
                                "unknown partition shape 'triangle'; one of [isolate, halves, bridge, ring, one-way]"),
                p.message());
    }

    @Test
    void aPartitionSaysWhetherBlockedPacketsAreRefused() throws Exception {
        LoadedExperiment loaded = new ExperimentLoader()
                .load(write(
                        "refused.yaml",
                        replace(
                                "type: power-off",
                                "type: partition\n        partition: {shape: isolate, blocked: refused}")));
        PartitionSpec partition =
                loaded.experiment().schedule().get(1).faults().get(0).partition();
        assertEquals(PartitionSpec.Blocked.REFUSED, partition.blocked());
        assertEquals(PartitionSpec.Blocked.DROPPED, new PartitionSpec(PartitionSpec.Shape.ISOLATE, null).blocked());

        var p = onlyProblem(
                replace("type: power-off", "type: partition\n        partition: {shape: isolate, blocked: rejected}"));
        assertTrue(
                p.message().contains("unknown partition blocked 'rejected'; one of [dropped, refused]"), p.message());
        assertTrue(p.line() > 0, "at its line");
    }

    @Test
    void unknownFaultType() throws Exception {
        var p = onlyProblem(replace("type: power-off", "type: meteor"));
        assertTrue(p.message().contains("unknown fault type 'meteor'"), p.message());
    }

    @Test
    void targetWithTwoSelectors() throws Exception {
        var p = onlyProblem(replace("target: {az: az1}", "target: {az: az1, node: az1-storage-1}"));
        assertEquals("schedule[1].faults[0].target", p.field());
        assertTrue(p.message().contains("exactly one of"), p.message());
    }

    @Test
    void unknownNamedNode() throws Exception {
        var p = onlyProblem(replace("target: {az: az1}", "target: {node: az1-storage-3}"));
        assertEquals("schedule[1].faults[0].target.node", p.field());
        assertTrue(p.message().contains("az1-storage-2"), p.message());
    }

    @Test
    void partitionLeaderOfAMissingPartition() throws Exception {
        var p = onlyProblem(replace("target: {az: az1}", "target: {partitionLeader: {table: canary, partition: 4}}"));
        assertEquals("schedule[1].faults[0].target.partitionLeader.partition", p.field());
        assertTrue(p.message().contains("partitions 0..3"), p.message());
    }

    @Test
    void workloadTableMustExist() throws Exception {
        var p = onlyProblem(replace("  table: canary", "  table: other"));
        assertEquals(9, p.line());
        assertEquals("workload.table", p.field());
    }

    @Test
    void duplicateKey() throws Exception {
        var p = onlyProblem(replace("seed: 42\n", "seed: 42\nseed: 43\n"));
        assertEquals(2, p.line());
        assertTrue(p.message().contains("seed"), p.message());
    }

    @Test
    void yamlSyntaxError() throws Exception {
        Path file = write("syntax.yaml", replace("  azs: [az1, az2, az3]", "  azs: [az1, az2"));
        ExperimentException e = assertThrows(ExperimentException.class, () -> new ExperimentLoader().load(file));
        assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
    }

    @Test
    void reportsEveryProblemAtOnce() throws Exception {
        Path file = write(
                "many.yaml",
                replace("seed: 42\n", "")
                        .replace("ratePerAz: 10", "ratePerAz: 0")
                        .replace("{az: az1}", "{az: az7}"));
        ExperimentException e = assertThrows(ExperimentException.class, () -> new ExperimentLoader().load(file));
        assertEquals(
                List.of("seed", "workload.ratePerAz", "schedule[1].faults[0].target.az"),
                e.problems().stream().map(ExperimentException.Problem::field).toList());
    }

    @Test
    void missingFileIsAProblemNotACrash() {
        Path file = dir.resolve("absent.yaml");
        ExperimentException e = assertThrows(ExperimentException.class, () -> new ExperimentLoader().load(file));
        assertTrue(e.getMessage().contains("cannot read the file"), e.getMessage());
    }

    @Test
    void emptyFile() throws Exception {
        Path file = write("empty.yaml", "");
        ExperimentException e = assertThrows(ExperimentException.class, () -> new ExperimentLoader().load(file));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void timeScaleShrinksEveryDuration() throws Exception {
        Experiment e = new ExperimentLoader()
                .load(write("scaled.yaml", VALID))
                .experiment()
                .scaled(new TimeScale(0.1));
        assertEquals(Duration.ofSeconds(6), e.schedule().get(1).duration());
        assertEquals(Duration.ofMillis(500), e.schedule().get(1).faults().get(0).at());
        assertEquals(Duration.ofSeconds(2), e.schedule().get(1).faults().get(0).duration());
        assertEquals(Duration.ofSeconds(1), e.hypothesis().recovery());
        assertEquals(Duration.ofSeconds(30), e.availability().window());
        assertEquals(10.0, e.workload().ratePerAz(), "rates are not scaled");
    }

    @Test
    void withoutCheckersTheRunChecksWhatItAlwaysDid() throws Exception {
        assertEquals(
                CheckerSpec.DEFAULT,
                new ExperimentLoader()
                        .load(write("default.yaml", VALID))
                        .experiment()
                        .checkers());
        assertEquals(
                List.of("durability", "linearizability", "scrub"),
                CheckerSpec.DEFAULT.stream().map(CheckerSpec::name).toList());
    }

    @Test
    void checkersAreNamedAloneOrWithAModel() throws Exception {
        Experiment e = new ExperimentLoader()
                .load(write("checkers.yaml", VALID + "checkers: [scrub, {linearizability: {model: register}}]\n"))
                .experiment();
        assertEquals(
                List.of(new CheckerSpec("scrub", null), new CheckerSpec("linearizability", "register")), e.checkers());
    }

    @Test
    void anUnknownCheckerIsNamedWithItsLine() throws Exception {
        var p = onlyProblem(VALID + "checkers:\n  - durability\n  - linearizable\n");
        assertEquals(29, p.line());
        assertEquals("checkers[1]", p.field());
        assertTrue(
                p.message().contains("unknown checker 'linearizable'")
                        && p.message().contains("durability, linearizability, scrub"),
                p.message());
    }

    @Test
    void anUnknownModelIsNamedWithItsLine() throws Exception {
        var p = onlyProblem(VALID + "checkers:\n  - linearizability:\n      model: cas\n");
        assertEquals(29, p.line());
        assertEquals("checkers[0].linearizability.model", p.field());
        assertTrue(p.message().contains("unknown model 'cas'") && p.message().contains("cas-register"), p.message());
    }

    @Test
    void aCheckerWithoutAModelRefusesOne() throws Exception {
        var p = onlyProblem(VALID + "checkers:\n  - durability: {model: kv}\n");
        assertEquals(28, p.line());
        assertTrue(p.message().contains("takes no model"), p.message());
    }

    @Test
    void aCheckerListedTwiceIsRefused() throws Exception {
        var p = onlyProblem(VALID + "checkers:\n  - scrub\n  - scrub\n");
        assertEquals(29, p.line());
        assertTrue(p.message().contains("listed twice"), p.message());
    }

    @Test
    void aCheckerOfAnotherShapeIsRefusedWithTheShapes() throws Exception {
        var p = onlyProblem(VALID + "checkers:\n  - durability\n  - {scrub: {}, durability: {}}\n");
        assertEquals(29, p.line());
        assertEquals("checkers[1]", p.field());
        assertTrue(p.message().contains("a checker is a name"), p.message());
        var option = onlyProblem(VALID + "checkers:\n  - linearizability: {modle: kv}\n");
        assertEquals(28, option.line());
        assertTrue(option.message().contains("unknown option 'modle'"), option.message());
    }
}
