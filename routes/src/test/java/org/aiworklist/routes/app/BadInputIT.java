package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.aiworklist.dicom.FileOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A truncated image gets C000, is quarantined with its reason for the operator, and the node goes on. */
class BadInputIT {
    @Test
    void truncatedImageIsRefusedQuarantinedAndShownWhileGoodImagesAreStillStored(@TempDir Path dir) throws Exception {
        NodeHarness harness = new NodeHarness(dir, "NOWHERE", NodeHarness.freePort());
        SyntheticStudy study = SyntheticStudy.write(
                org.aiworklist.common.phantom.PhantomSpec.defaults()
                        .withSlices(3)
                        .withSeed(42),
                dir.resolve("study"),
                "2.25");
        Path good = study.files().get(0);
        byte[] whole = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.dcm"), Arrays.copyOf(whole, whole.length - 5000));

        try (NodeApplication node = new NodeApplication(harness.config())) {
            node.start();
            List<FileOutcome> outcomes = harness.sendFiles(node.dicomPort(), truncated, good);
            assertEquals(0xC000, outcomes.get(0).status(), outcomes.get(0).statusMeaning());
            assertEquals(0x0000, outcomes.get(1).status(), "the same association goes on after a refusal");

            JsonNode quarantine = new ObjectMapper().readTree(harness.get("/api/quarantine"));
            assertEquals(1, quarantine.size(), quarantine.toString());
            assertEquals(
                    NodeHarness.MODALITY_AE,
                    quarantine.get(0).path("callingAeTitle").asText());
            assertTrue(quarantine.get(0).path("reason").asText().length() > 5, quarantine.toString());
            assertTrue(Files.exists(Path.of(quarantine.get(0).path("file").asText())), "the refused bytes are kept");
        }
    }
}
