package dev.gameday.store.server.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterLayoutTest {

    @Test
    void portsComeFromBelowTheEphemeralRangeAndDoNotRepeat() throws Exception {
        int low = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                .get(0)
                .trim()
                .split("\\s+")[0]);
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = ClusterLayout.freePort();
            assertTrue(port < low, port + " is in the ephemeral range, which starts at " + low);
            ports.add(port);
        }
        assertEquals(50, ports.size(), "a port handed out twice: " + ports);
    }
}
