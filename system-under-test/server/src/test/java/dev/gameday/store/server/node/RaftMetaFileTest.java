package dev.gameday.store.server.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.config.RaftTimings;
import dev.gameday.store.server.local.ClusterLayout;
import dev.gameday.store.server.raft.RaftSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The term and vote file as a real Ratis server reads it: one peer on loopback, its group opened from disk. */
class RaftMetaFileTest {
    @TempDir
    Path dir;

    private final RaftPeer peer = RaftPeer.newBuilder()
            .setId("n1")
            .setAddress("127.0.0.1:" + ClusterLayout.freePort())
            .build();
    private final RaftGroup group = RaftGroup.valueOf(RaftGroupId.randomId(), peer);

    @Test
    void aFileAFullDiskLeftEmptyIsRewrittenAndTheGroupOpensAgain() throws Exception {
        long term;
        try (RaftServer server = server(RaftStorage.StartupOption.FORMAT)) {
            server.start();
            await().atMost(Duration.ofSeconds(20))
                    .until(() ->
                            server.getDivision(group.getGroupId()).getInfo().isLeader());
            term = server.getDivision(group.getGroupId()).getInfo().getCurrentTerm();
        }
        Path current = dir.resolve(group.getGroupId().getUuid().toString()).resolve("current");
        // What Ratis' own write left behind when the disk was full (disk-full.yaml, az1-storage-1's data-0).
        Files.write(current.resolve(RaftMetaFile.NAME), new byte[0]);
        try (RaftServer server = server(RaftStorage.StartupOption.RECOVER)) {
            assertThrows(Exception.class, () -> {
                server.start();
                server.getDivision(group.getGroupId());
            });
        }

        assertTrue(RaftMetaFile.repairIfUnreadable(current, term, "n1"));
        assertTrue(RaftMetaFile.readable(current.resolve(RaftMetaFile.NAME)));
        try (RaftServer server = server(RaftStorage.StartupOption.RECOVER)) {
            server.start();
            await().atMost(Duration.ofSeconds(20))
                    .until(() ->
                            server.getDivision(group.getGroupId()).getInfo().isLeader());
            assertTrue(
                    server.getDivision(group.getGroupId()).getInfo().getCurrentTerm() > term,
                    "a new term after the rewritten one");
        }
    }

    @Test
    void aReadableFileIsLeftAloneAndAnUnreadableOneWithoutAKnownTermIsNotGuessed() throws Exception {
        Path file = dir.resolve(RaftMetaFile.NAME);
        Files.writeString(file, "#\nterm=7\nvotedFor=n2\n");
        assertFalse(RaftMetaFile.repairIfUnreadable(dir, 3, "n1"));
        assertEquals("#\nterm=7\nvotedFor=n2\n", Files.readString(file));

        Files.writeString(file, "term=");
        IOException e = assertThrows(IOException.class, () -> RaftMetaFile.repairIfUnreadable(dir, -1, "n1"));
        assertTrue(e.getMessage().contains("no term is known"), e.getMessage());
        assertFalse(RaftMetaFile.readable(file));
    }

    private RaftServer server(RaftStorage.StartupOption option) throws IOException {
        int port =
                Integer.parseInt(peer.getAddress().substring(peer.getAddress().lastIndexOf(':') + 1));
        return RaftServer.newBuilder()
                .setServerId(peer.getId())
                .setGroup(group)
                .setProperties(RaftSettings.server(RaftTimings.defaults(), dir, port, BugSwitches.none()))
                .setStateMachine(new BaseStateMachine())
                .setOption(option)
                .build();
    }
}
