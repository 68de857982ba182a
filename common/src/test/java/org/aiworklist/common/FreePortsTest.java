package org.aiworklist.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void portsAreDistinctBindableAndBelowTheEphemeralRange() throws Exception {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            ports.add(FreePorts.tcp());
            ports.add(FreePorts.udp());
        }
        assertEquals(40, ports.size(), "no port handed out twice");
        try (ServerSocket ephemeral = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            for (int port : ports) {
                assertTrue(port < ephemeral.getLocalPort(), port + " is not below the ephemeral port " + ephemeral);
            }
        }
        int port = FreePorts.tcp();
        new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
    }
}
