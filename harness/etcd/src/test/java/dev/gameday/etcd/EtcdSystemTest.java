package dev.gameday.etcd;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.cluster.GamedayStoreSystem;
import dev.gameday.cluster.PowerOffMode;
import dev.gameday.experiment.CorruptionSpec;
import dev.gameday.experiment.DiskSpec;
import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.experiment.TimeScale;
import dev.gameday.schedule.PlannedExperiment;
import dev.gameday.schedule.Topology;
import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.bugs.StoreBug;
import dev.gameday.system.SystemBoot;
import dev.gameday.system.Systems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What experiment files see of the etcd adapter before anything boots: its name, its members, its refusals. */
class EtcdSystemTest {

    /** Line 8 is the table's partitions, line 19 the fault's type. */
    private static final String EXPERIMENT = """
      seed: 5
      system: etcd
      cluster:
        azs: [az1, az2, az3]
        storageNodesPerAz: 1
        routersPerAz: 1
        tables:
          - {name: canary, partitions: %d}
      workload:
        table: canary
        ratePerAz: 10
        registerKeys: 3
        mix: {read: 1, write: 1}
        itemBytes: {min: 10, max: 20}
      schedule:
        - name: chaos
          duration: 30s
          faults:
            - type: %s
              target: {partitionLeader: {table: canary, partition: 0}}
              at: 5s
              duration: 10s
              %s
      hypothesis: {successRatio: 0.9, recovery: 10s}
      """;

    @TempDir
    Path dir;

    private SystemBoot boot(int partitions, String faultType, String detail, BugSwitches bugs, PowerOffMode powerOff)
            throws Exception {
        Path file = Files.writeString(dir.resolve("etcd.yaml"), EXPERIMENT.formatted(partitions, faultType, detail));
        LoadedExperiment loaded = new ExperimentLoader().load(file);
        Topology topology = new EtcdSystem().topology(loaded.experiment().cluster());
        return new SystemBoot(
                PlannedExperiment.plan(loaded, TimeScale.REAL_TIME, topology), null, null, bugs, Set.of(), powerOff);
    }

    /** The nodes the plan gives the file's first fault, planned with etcd's topology. */
    private static List<String> firstFaultsNodes(LoadedExperiment loaded) throws ExperimentException {
        return PlannedExperiment.plan(
                        loaded,
                        TimeScale.REAL_TIME,
                        new EtcdSystem().topology(loaded.experiment().cluster()))
                .plan()
                .faults()
                .get(0)
                .nodes();
    }

    private SystemBoot pause(int partitions) throws Exception {
        return boot(partitions, "pause", "", BugSwitches.none(), PowerOffMode.SIGKILL);
    }

    @Test
    void isInstalledUnderItsName() {
        assertTrue(
                Systems.installed().names().contains(EtcdSystem.NAME),
                Systems.installed().names().toString());
    }

    @Test
    void itsMembersAreTheStorageNodesOfTheShapeAndThereAreNoRouters() throws Exception {
        Topology topology = pause(1).planned().topology();
        assertEquals(List.of("az1-etcd-1", "az2-etcd-1", "az3-etcd-1"), topology.storageNodeNames(null));
        assertEquals(List.of("az2-etcd-1"), topology.storageNodeNames("az2"));
        assertEquals(List.of(), topology.routers());
    }

    @Test
    void aNodeTargetNamesAMemberAndAStoreNodeIsNoMemberOfEtcd() throws Exception {
        String pauseOf = EXPERIMENT
                .formatted(1, "pause", "")
                .replace("{partitionLeader: {table: canary, partition: 0}}", "{node: %s}");
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, pauseOf.formatted("az2-etcd-1"));
        LoadedExperiment member = new ExperimentLoader().load(file);
        assertEquals(List.of("az2-etcd-1"), firstFaultsNodes(member));

        Files.writeString(file, pauseOf.formatted("az2-storage-1"));
        LoadedExperiment store = new ExperimentLoader().load(file);
        ExperimentException e = assertThrows(
                ExperimentException.class,
                () -> PlannedExperiment.plan(
                        store,
                        TimeScale.REAL_TIME,
                        new EtcdSystem().topology(store.experiment().cluster())));
        assertTrue(e.getMessage().contains("node.yaml:20"), e.getMessage());
        assertTrue(e.getMessage().contains("no member 'az2-storage-1'"), e.getMessage());
    }

    @Test
    void takesPowerPauseAndPartitionsOfItsOneGroup() {
        assertDoesNotThrow(() -> EtcdSystem.refuseWhatEtcdCannotDo(pause(1)));
        assertDoesNotThrow(() -> EtcdSystem.refuseWhatEtcdCannotDo(
                boot(1, "partition", "partition: {shape: isolate}", BugSwitches.none(), PowerOffMode.SIGKILL)));
    }

    @Test
    void linkFaultsHitAMembersOwnClientPathOrItsPeerPath() throws Exception {
        String latency = "{type: latency, attributes: {latency: 300}}";
        SystemBoot clients = boot(
                1,
                "link",
                "link: {paths: clients, toxics: [" + latency + "]}",
                BugSwitches.none(),
                PowerOffMode.SIGKILL);
        assertDoesNotThrow(() -> EtcdSystem.refuseWhatEtcdCannotDo(clients));
        assertTrue(clients.planned().plan().faults().get(0).resolvedAtStart(), "the leader's own client path");

        String linkOf = EXPERIMENT
                .formatted(1, "link", "link: {paths: clients, toxics: [" + latency + "]}")
                .replace("{partitionLeader: {table: canary, partition: 0}}", "{node: az3-etcd-1}");
        Path file = Files.writeString(dir.resolve("link.yaml"), linkOf);
        LoadedExperiment member = new ExperimentLoader().load(file);
        assertEquals(List.of("az3-etcd-1"), firstFaultsNodes(member));

        // Peer paths exist only when the members' peer links go through the fault proxy: refused at load time.
        Files.writeString(file, linkOf.replace("paths: clients", "paths: into-node"));
        ExperimentException direct = assertThrows(ExperimentException.class, () -> new ExperimentLoader().load(file));
        assertTrue(direct.getMessage().contains("link.yaml:23"), direct.getMessage());
        assertTrue(direct.getMessage().contains("nodeLinks: through-fault-proxy"), direct.getMessage());
        Files.writeString(
                file,
                linkOf.replace("paths: clients", "paths: into-node")
                        .replace("routersPerAz: 1", "routersPerAz: 1\n  nodeLinks: through-fault-proxy"));
        LoadedExperiment peers = new ExperimentLoader().load(file);
        assertEquals(List.of("az3-etcd-1"), firstFaultsNodes(peers));
    }

    @Test
    void refusesMorePartitionsAndOtherFaultTypesAtTheirLines() throws Exception {
        SystemBoot boot = boot(3, "clock", "clock: {kind: offset, by: 5s}", BugSwitches.none(), PowerOffMode.SIGKILL);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> EtcdSystem.refuseWhatEtcdCannotDo(boot));
        assertTrue(e.getMessage().contains("etcd.yaml:8"), e.getMessage());
        assertTrue(e.getMessage().contains("one Raft group"), e.getMessage());
        assertTrue(e.getMessage().contains("etcd.yaml:19"), e.getMessage());
        assertTrue(e.getMessage().contains("not clock"), e.getMessage());
    }

    @Test
    void refusesTheStoresBugSwitchesAndTakesPowerLosses() throws Exception {
        SystemBoot bugs = boot(1, "pause", "", BugSwitches.of(StoreBug.ACK_BEFORE_QUORUM), PowerOffMode.SIGKILL);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EtcdSystem.refuseWhatEtcdCannotDo(bugs))
                .getMessage()
                .contains("system: etcd has none"));
        SystemBoot powerLoss = boot(1, "pause", "", BugSwitches.none(), PowerOffMode.POWER_LOSS);
        EtcdSystem.refuseWhatEtcdCannotDo(powerLoss);
        assertEquals(PowerOffMode.POWER_LOSS, new EtcdSystem().defaultPowerOff(), "a power-off is a power loss");
    }

    @Test
    void takesDiskFaultsOnTheWalAndTheBboltFile() throws Exception {
        EtcdSystem.refuseWhatEtcdCannotDo(boot(
                1,
                "disk",
                "disk: {kind: slow, files: raft-log, ops: [fsync], latency: 50ms}",
                BugSwitches.none(),
                PowerOffMode.SIGKILL));
        assertEquals("/member/wal/*", EtcdFiles.glob(DiskSpec.Files.RAFT_LOG));
        assertEquals("/member/snap/*", EtcdFiles.glob(DiskSpec.Files.ITEM_FILES));
    }

    /**
     * An operator's replacement after a corruption (line 23, the fault's corrupt block): etcd takes it, the Gameday
     * store refuses it at that line (its scrub is the repair it tests), a name the harness does not know is refused
     * when the file loads, and the archive, which is no member, may not ask for it.
     */
    @Test
    void aReplacementAfterACorruptionIsEtcdsAndRefusedForTheStoreAtItsLine() throws Exception {
        SystemBoot replace = boot(
                1,
                "corrupt",
                "corrupt: {where: item-files, how: flip-bits, when: at-rest, repair: replace-member}",
                BugSwitches.none(),
                PowerOffMode.SIGKILL);
        assertEquals(
                CorruptionSpec.Repair.REPLACE_MEMBER,
                replace.planned().plan().faults().get(0).spec().corrupt().repair());
        assertDoesNotThrow(() -> EtcdSystem.refuseWhatEtcdCannotDo(replace));
        IllegalArgumentException store = assertThrows(
                IllegalArgumentException.class, () -> GamedayStoreSystem.refuseWhatTheStoreCannotDo(replace));
        assertTrue(store.getMessage().contains("etcd.yaml:23"), store.getMessage());
        assertTrue(store.getMessage().contains("repairs corrupted replicas itself"), store.getMessage());

        ExperimentException unknown =
                refusedAtLoad("corrupt: {where: item-files, how: flip-bits, when: at-rest, repair: rebuild}");
        assertTrue(unknown.getMessage().contains("etcd.yaml:23"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("replace-member"), unknown.getMessage());

        ExperimentException archive =
                refusedAtLoad("corrupt: {where: archive, how: flip-bits, repair: replace-member}");
        assertTrue(archive.getMessage().contains("no member to replace"), archive.getMessage());
    }

    /** A corrupt fault the experiment loader refuses, as a user would write it in the file. */
    private ExperimentException refusedAtLoad(String corruptLine) {
        return assertThrows(
                ExperimentException.class,
                () -> boot(1, "corrupt", corruptLine, BugSwitches.none(), PowerOffMode.SIGKILL));
    }
}
