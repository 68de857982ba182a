package org.aiworklist.routes.app;

import static org.aiworklist.routes.app.DraftSetup.DETECTOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * How drafts fail, against the real test server: one node, one CT, the detector and four draft models whose
 * requests meet a real failure each. The server answers 400 (image data that is no image: final, its message on the
 * job) and 500 (an image URL it cannot fetch: retried with backoff, the message visible while pending, failed after
 * the give-up time); a second server is too slow for a 1 s timeout (retried, then given up); an answer cut off at
 * max_tokens (finish_reason "length") is rejected. No draft is sent in any case, and the detector's results are
 * delivered as if there were no drafts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DraftFailuresIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PACS_AE = "FAILPACS";
    private static final String BAD_IMAGE = "draft-400";
    private static final String SERVER_ERROR = "draft-500";
    private static final String TIMEOUT = "draft-timeout";
    private static final String CUT_OFF = "draft-length";
    private static final List<String> DRAFTS = List.of(BAD_IMAGE, SERVER_ERROR, TIMEOUT, CUT_OFF);
    private static final int SERVER_ERROR_GIVE_UP_SECONDS = 5;
    private static final int TIMEOUT_GIVE_UP_SECONDS = 4;

    /** Per model: the first REST view seen pending after a failed attempt, and the last one. */
    final Map<String, JsonNode> pending = new HashMap<>();

    final Map<String, JsonNode> last = new HashMap<>();
    Path received;

    @BeforeAll
    void runOneStudyThroughEveryFailure(@TempDir Path dir) throws Exception {
        int pacsPort = NodeHarness.freePort();
        received = Files.createDirectories(dir.resolve("pacs"));
        NodeHarness harness = new NodeHarness(dir, PACS_AE, pacsPort);
        SyntheticStudy study = harness.study(737_373);
        Process pacs = NodeHarness.dcmtk(
                "storescp", "-aet", PACS_AE, "-od", received.toString(), "+xa", String.valueOf(pacsPort));
        try (LlamaServer server = LlamaServer.launch(NodeHarness.freePort(), dir.resolve("llama.log"));
                LlamaServer slow = LlamaServer.launch(NodeHarness.freePort(), dir.resolve("llama-slow.log"));
                CapturingProxy badImages = CapturingProxy.start(server.baseUrl(), CapturingProxy.Mode.CORRUPT_IMAGES);
                CapturingProxy imageUrls = CapturingProxy.start(server.baseUrl(), CapturingProxy.Mode.IMAGE_URLS)) {
            server.awaitHealthy();
            slow.awaitHealthy();
            ObjectNode serverError = DraftSetup.draftModel(SERVER_ERROR, imageUrls.baseUrl());
            retry(serverError).put("giveUpAfterSeconds", SERVER_ERROR_GIVE_UP_SECONDS);
            ObjectNode timeout = DraftSetup.draftModel(TIMEOUT, slow.baseUrl());
            ((ObjectNode) timeout.get("endpoint")).put("timeoutSeconds", 1);
            retry(timeout).put("giveUpAfterSeconds", TIMEOUT_GIVE_UP_SECONDS);
            ObjectNode cutOff = DraftSetup.draftModel(CUT_OFF, server.baseUrl());
            ((ObjectNode) cutOff.get("generation")).put("maxTokens", 4);
            DraftSetup.install(
                    harness,
                    List.of(DETECTOR, BAD_IMAGE, SERVER_ERROR, TIMEOUT, CUT_OFF),
                    DraftSetup.draftModel(BAD_IMAGE, badImages.baseUrl()),
                    serverError,
                    timeout,
                    cutOff);
            try (NodeApplication node = new NodeApplication(harness.config(), harness.env)) {
                node.start();
                harness.send(study, node.dicomPort());
                watch(harness, study.studyInstanceUid());
            }
        } finally {
            pacs.destroy();
            pacs.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static ObjectNode retry(ObjectNode model) {
        return (ObjectNode) model.get("endpoint").get("retry");
    }

    /** Polls the REST view until the detector and every draft have ended (10 minutes at most). */
    private void watch(NodeHarness harness, String studyUid) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode job : JSON.readTree(harness.get("/api/jobs"))) {
                if (!studyUid.equals(job.path("studyInstanceUid").asText())) {
                    continue;
                }
                String model = job.path("modelId").asText();
                last.put(model, job);
                JsonNode draft = job.path("draft");
                if ("PENDING".equals(draft.path("state").asText())
                        && draft.path("attempts").asInt() >= 1) {
                    pending.putIfAbsent(model, job);
                }
            }
            if (last.size() == 1 + DRAFTS.size() && last.values().stream().allMatch(DraftFailuresIT::ended)) {
                return;
            }
            Thread.sleep(250);
        }
    }

    private static boolean ended(JsonNode job) {
        return List.of("DONE", "FAILED", "DEAD_LETTER")
                .contains(job.path("state").asText());
    }

    @Test
    void aServerRefusalIsFinalWithTheServersMessageOnTheJob() {
        JsonNode job = last.get(BAD_IMAGE);
        assertEquals("FAILED", job.path("state").asText(), job.toString());
        assertTrue(
                job.path("error").asText().contains("HTTP 400")
                        && job.path("error").asText().contains("Failed to load image"),
                job.toString());
        assertEquals(1, job.path("draft").path("attempts").asInt(), "not asked again: " + job);
        assertEquals("FAILED", job.path("draft").path("state").asText());
    }

    @Test
    void aServerErrorIsRetriedVisiblyThenGivenUp() {
        JsonNode waiting = pending.get(SERVER_ERROR);
        assertNotNull(waiting, "seen pending after a failed attempt");
        assertEquals("INFERRING", waiting.path("state").asText(), waiting.toString());
        assertTrue(waiting.path("draft").path("lastError").asText().contains("HTTP 500"), waiting.toString());
        assertTrue(
                waiting.path("draft").path("lastError").asText().contains("cannot make GET request"),
                "the server's own message: " + waiting);
        JsonNode job = last.get(SERVER_ERROR);
        assertEquals("FAILED", job.path("state").asText(), job.toString());
        assertTrue(job.path("draft").path("attempts").asInt() >= 2, "asked again: " + job);
        assertTrue(
                job.path("error").asText().contains("gave up after " + SERVER_ERROR_GIVE_UP_SECONDS + " s: HTTP 500"),
                job.toString());
    }

    @Test
    void aTimeoutIsRetriedThenGivenUp() {
        JsonNode waiting = pending.get(TIMEOUT);
        assertNotNull(waiting, "seen pending after a failed attempt");
        assertTrue(waiting.path("draft").path("lastError").asText().contains("within 1 s"), waiting.toString());
        JsonNode job = last.get(TIMEOUT);
        assertEquals("FAILED", job.path("state").asText(), job.toString());
        assertTrue(job.path("draft").path("attempts").asInt() >= 2, "asked again: " + job);
        assertTrue(
                job.path("error").asText().contains("gave up after " + TIMEOUT_GIVE_UP_SECONDS + " s"), job.toString());
    }

    @Test
    void anAnswerCutOffAtMaxTokensIsRejected() {
        JsonNode job = last.get(CUT_OFF);
        assertEquals("FAILED", job.path("state").asText(), job.toString());
        assertTrue(job.path("error").asText().contains("finish_reason 'length'"), job.toString());
        assertEquals(1, job.path("draft").path("attempts").asInt(), "a rejected answer is not asked again: " + job);
    }

    @Test
    void theDetectorsResultsAreDeliveredAndNoDraftIsSent() throws Exception {
        JsonNode detector = last.get(DETECTOR);
        assertEquals("DONE", detector.path("state").asText(), detector.toString());
        List<Path> files;
        try (Stream<Path> list = Files.list(received)) {
            files = list.filter(Files::isRegularFile).toList();
        }
        assertFalse(files.isEmpty(), "the detector's results arrived");
        for (Path file : files) {
            Map<String, String> tags = DicomTags.read(file);
            assertFalse(
                    List.of("9911", "9912", "9913").contains(tags.get("SeriesNumber")), "a draft was sent: " + tags);
        }
        for (String model : DRAFTS) {
            assertTrue(last.get(model).path("exports").isEmpty(), "no export queued for " + model);
        }
    }
}
