package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage Commitment against a real archive: Orthanc answers the N-ACTION and reports on an association it opens
 * to the node's Storage SCP, which is why it must know the node's AE title and port.
 */
class StorageCommitmentIT implements NeedsOrthanc {
    @Test
    void deliveryIsCommittedByThePacsBeforeTheJobIsDone(@TempDir Path dir) throws Exception {
        int nodePort = NodeHarness.freePort();
        NodeHarness harness = withCommitment(dir, nodePort);
        SyntheticStudy study = harness.study(747_474);
        try (NodeApplication node = new NodeApplication(harness.config());
                OrthancPacs orthanc =
                        harness.orthanc().start(Map.of(harness.config().device().aeTitle(), nodePort), false)) {
            node.start();
            JsonNode done = harness.sendAndAwaitOutcome(study, nodePort);
            assertEquals("DONE", done.path("state").asText(), done.toString());
            JsonNode export = done.path("exports").path(0);
            assertEquals("SENT", export.path("state").asText(), export.toString());
            assertEquals("COMMITTED", export.path("commitment").asText(), export.toString());
            assertTrue(export.path("commitmentTransactionUid").asText().startsWith("2.25."), export.toString());
            assertFalse(export.path("committedAt").isNull(), export.toString());
            assertTrue(orthanc.instanceCount() >= 2, "SR and SC stored");
        }
    }

    @Test
    void requestsWithoutAReportAreRetriedThenADeadLetter(@TempDir Path dir) throws Exception {
        int nodePort = NodeHarness.freePort();
        NodeHarness harness = withCommitment(dir, nodePort);
        harness.env.put("AIWORKLIST_EXPORT_STORAGECOMMITMENTTIMEOUTSECONDS", "2");
        harness.env.put("AIWORKLIST_EXPORT_STORAGECOMMITMENTRETRIES", "1");
        SyntheticStudy study = harness.study(757_575);
        try (NodeApplication node = new NodeApplication(harness.config());
                // Orthanc has a wrong port for the node: its reports never arrive.
                OrthancPacs orthanc = harness.orthanc()
                        .start(Map.of(harness.config().device().aeTitle(), NodeHarness.freePort()), false)) {
            node.start();
            JsonNode dead = harness.sendAndAwaitOutcome(study, nodePort);
            assertEquals("DEAD_LETTER", dead.path("state").asText(), dead.toString());
            JsonNode export = dead.path("exports").path(0);
            assertEquals("FAILED", export.path("commitment").asText(), export.toString());
            assertTrue(export.path("lastError").asText().contains("no Storage Commitment report"), export.toString());
        }
    }

    private static NodeHarness withCommitment(Path dir, int nodePort) throws Exception {
        NodeHarness harness = NodeHarness.deliveringToOrthanc(dir);
        harness.env.put("AIWORKLIST_DEVICE_CONNECTION_PORT", String.valueOf(nodePort));
        harness.env.put("AIWORKLIST_DESTINATIONS_0_STORAGECOMMITMENT", "true");
        return harness;
    }
}
