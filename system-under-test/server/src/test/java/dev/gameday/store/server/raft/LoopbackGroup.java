package dev.gameday.store.server.raft;

import dev.gameday.store.server.local.ClusterLayout;
import java.util.List;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;

/** A Ratis group of three peers on loopback, for tests that run its servers in their own JVM. */
public final class LoopbackGroup {
    private LoopbackGroup() {}

    /**
     * Peers n1, n2 and n3, each at a free port below the ephemeral range: n1's first calls to n2 and n3 could
     * otherwise take n3's port as their local end before n3 binds it (see {@link ClusterLayout#freePort}).
     */
    public static RaftGroup threePeers() {
        return RaftGroup.valueOf(
                RaftGroupId.randomId(),
                List.of("n1", "n2", "n3").stream()
                        .map(id -> RaftPeer.newBuilder()
                                .setId(id)
                                .setAddress("127.0.0.1:" + ClusterLayout.freePort())
                                .build())
                        .toList());
    }

    /** The port a peer of {@link #threePeers} listens on. */
    public static int port(RaftPeer peer) {
        String address = peer.getAddress();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
