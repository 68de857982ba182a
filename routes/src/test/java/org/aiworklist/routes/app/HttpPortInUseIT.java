package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose HTTP port is taken does not start without its API and page: the start fails in one line naming the
 * setting, and the DICOM port it had opened is closed again.
 */
class HttpPortInUseIT {
    @Test
    void aTakenHttpPortFailsTheStartInOneLineAndFreesTheDicomPort(@TempDir Path dir) throws Exception {
        NodeHarness harness = new NodeHarness(dir, "NOBODY", NodeHarness.freePort());
        int dicomPort;
        try (ServerSocket squatter = new ServerSocket(harness.httpPort, 1, InetAddress.getLoopbackAddress())) {
            harness.env.put("AIWORKLIST_DEVICE_CONNECTION_PORT", String.valueOf(NodeHarness.freePort()));
            dicomPort = Integer.parseInt(harness.env.get("AIWORKLIST_DEVICE_CONNECTION_PORT"));
            try (NodeApplication node = new NodeApplication(harness.config())) {
                IOException e = assertThrows(IOException.class, node::start);
                assertTrue(e.getMessage().contains("http.port"), e.getMessage());
                assertTrue(e.getMessage().contains(String.valueOf(harness.httpPort)), e.getMessage());
                assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
            }
        }
        new ServerSocket(dicomPort, 1, InetAddress.getLoopbackAddress()).close(); // throws if the node still held it
    }
}
