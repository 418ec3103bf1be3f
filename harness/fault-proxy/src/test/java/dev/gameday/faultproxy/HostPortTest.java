package dev.gameday.faultproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class HostPortTest {

    /**
     * A client that disables and enables a proxy sends back the listen address the API reported
     * ("[::]:port" for a wildcard); it must mean every interface, also in an IPv4-only container.
     */
    @Test
    void theWildcardAsReportedReadsBackAsTheWildcard() throws Exception {
        for (String listen :
                new String[] {":8666", "0.0.0.0:8666", "[::]:8666", HostPort.format(new InetSocketAddress(8666))}) {
            InetSocketAddress parsed = HostPort.parse(listen);
            assertTrue(!parsed.isUnresolved() && parsed.getAddress().isAnyLocalAddress(), listen + " -> " + parsed);
            assertEquals(8666, parsed.getPort());
        }
        assertTrue(HostPort.parse("fault-proxy:8700").isUnresolved(), "names stay unresolved until used");
    }
}
