package org.aiworklist.routes.app;

import static org.aiworklist.routes.app.NodeHarness.inState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Result delivery against a real PACS (Orthanc): outages, refusals, resend, transcoding. */
class DeliveryToOrthancIT implements NeedsOrthanc {
    private static final String SR = "SR";

    @Test
    void resultsWaitForAPacsOutageAndArriveOnceWhenItComesUp(@TempDir Path dir) throws Exception {
        NodeHarness harness = NodeHarness.deliveringToOrthanc(dir);
        SyntheticStudy study = harness.study(515_151);
        try (NodeApplication node = new NodeApplication(harness.config());
                OrthancPacs orthanc = harness.orthanc()) {
            node.start();
            harness.send(study, node.dicomPort());
            JsonNode waiting = harness.awaitJob(
                    study.studyInstanceUid(),
                    job -> job.path("exports").path(0).path("attempts").asInt() >= 2,
                    Duration.ofSeconds(150));
            assertEquals("SENDING", waiting.path("state").asText(), "PACS down: still sending, " + waiting);
            assertTrue(
                    waiting.path("exports").path(0).path("lastError").asText().contains("connect"), waiting.toString());

            orthanc.start(Map.of(), false);
            JsonNode done =
                    harness.awaitJob(study.studyInstanceUid(), inState("DONE", "DEAD_LETTER"), Duration.ofSeconds(60));
            assertEquals("DONE", done.path("state").asText(), done.toString());
            List<Map.Entry<String, Integer>> series = orthanc.seriesOf(study.studyInstanceUid());
            assertEquals(1, series.stream().filter(s -> s.getKey().equals(SR)).count(), "one SR series: " + series);
            assertTrue(
                    series.stream().anyMatch(s -> s.getKey().equals("OT") && s.getValue() >= 1),
                    "an SC series: " + series);
            assertTrue(
                    series.stream().anyMatch(s -> s.getKey().equals("PR"))
                            && series.stream().anyMatch(s -> s.getKey().equals("KO")),
                    "the findings' presentation state and key object selection, in the source study: " + series);
            int stored = orthanc.instanceCount();

            assertEquals(
                    200,
                    harness.post("/api/jobs/" + done.path("id").asText() + "/resend")
                            .statusCode());
            harness.awaitJob(
                    study.studyInstanceUid(),
                    job -> "DONE".equals(job.path("state").asText())
                            && job.path("exports").path(0).path("attempts").asInt()
                                    > done.path("exports")
                                            .path(0)
                                            .path("attempts")
                                            .asInt(),
                    Duration.ofSeconds(30));
            assertEquals(stored, orthanc.instanceCount(), "a resend delivers the same objects, not new ones");
        }
    }

    @Test
    void refusedAeTitleIsADeadLetterUntilFixedAndResent(@TempDir Path dir) throws Exception {
        NodeHarness harness = NodeHarness.deliveringToOrthanc(dir);
        SyntheticStudy study = harness.study(626_262);
        try (NodeApplication node = new NodeApplication(harness.config())) {
            node.start();
            String nodeAe = harness.config().device().aeTitle();
            try (OrthancPacs strict = harness.orthanc().start(Map.of("SOMEONE_ELSE", 104), false)) {
                JsonNode dead = harness.sendAndAwaitOutcome(study, node.dicomPort());
                assertEquals("DEAD_LETTER", dead.path("state").asText(), dead.toString());
                assertTrue(
                        dead.path("exports").path(0).path("lastError").asText().contains("rejected"), dead.toString());
                assertEquals(List.of(), strict.seriesOf(study.studyInstanceUid()));
            }
            try (OrthancPacs fixed = harness.orthanc().start(Map.of(nodeAe, node.dicomPort()), true)) {
                JsonNode job = harness.awaitJob(study.studyInstanceUid(), j -> true, Duration.ofSeconds(1));
                assertEquals(
                        200,
                        harness.post("/api/jobs/" + job.path("id").asText() + "/resend")
                                .statusCode());
                JsonNode done = harness.awaitJob(study.studyInstanceUid(), inState("DONE"), Duration.ofSeconds(60));
                assertEquals("DONE", done.path("state").asText(), done.toString());
                assertTrue(fixed.seriesOf(study.studyInstanceUid()).stream()
                        .anyMatch(s -> s.getKey().equals(SR)));
                // This Orthanc accepts only Implicit VR Little Endian: everything arrived so, and decodes.
                assertTrue(
                        fixed.storedTransferSyntaxes().stream().allMatch("1.2.840.10008.1.2"::equals),
                        fixed.storedTransferSyntaxes().toString());
                assertTrue(fixed.previewsRender(), "Orthanc renders every stored Secondary Capture");
            }
        }
    }

    @Test
    void exportsPendingWhenTheNodeIsKilledAreDeliveredAfterRestart(@TempDir Path dir) throws Exception {
        int nodePort = NodeHarness.freePort();
        NodeHarness harness = NodeHarness.deliveringToOrthanc(dir);
        harness.env.put("AIWORKLIST_DEVICE_CONNECTION_PORT", String.valueOf(nodePort));
        SyntheticStudy study = harness.study(838_383);
        try (ChildNode node = new ChildNode(harness).start();
                OrthancPacs orthanc = harness.orthanc()) {
            harness.send(study, nodePort);
            JsonNode pending = harness.awaitJob(
                    study.studyInstanceUid(),
                    job -> job.path("exports").path(0).path("attempts").asInt() >= 1,
                    Duration.ofSeconds(150));
            assertEquals("SENDING", pending.path("state").asText(), pending.toString());
            node.kill();

            orthanc.start(Map.of(), false);
            node.start();
            JsonNode done =
                    harness.awaitJob(study.studyInstanceUid(), inState("DONE", "DEAD_LETTER"), Duration.ofSeconds(60));
            assertEquals("DONE", done.path("state").asText(), done.toString());
            assertTrue(orthanc.seriesOf(study.studyInstanceUid()).stream()
                    .anyMatch(s -> s.getKey().equals(SR)));
        }
    }
}
