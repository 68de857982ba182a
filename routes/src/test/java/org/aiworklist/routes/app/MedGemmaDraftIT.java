package org.aiworklist.routes.app;

import static org.aiworklist.routes.app.DraftSetup.DETECTOR;
import static org.aiworklist.routes.app.DraftSetup.DRAFT;
import static org.aiworklist.routes.app.NodeHarness.inState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.aiworklist.reports.draft.DraftStatement;
import org.aiworklist.reports.read.StructuredReportValidation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MedGemma's draft of a CT end to end, against the real test server (llama.cpp with a random-weight Gemma-3-shaped
 * model, ../shared/llm): the draft SR arrives at the PACS beside the detector's results, in the source study, and
 * passes dciodvfy and PixelMed's SR validator; the request, captured on its way, carries the sampled slices as
 * MedGemma's three CT windows and the detector's findings, and nothing that identifies the patient. An endpoint
 * that is down holds up no other result and the draft follows once it is up.
 */
class MedGemmaDraftIT implements NeedsOrthanc {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PACS_AE = "DRAFTPACS";
    private static final String KEY_VARIABLE = "AIW_TEST_MEDGEMMA_KEY";
    private static final String API_KEY = "sk-test-" + Long.toHexString(System.nanoTime());
    private static final String ENHANCED_SR = "1.2.840.10008.5.1.4.1.1.88.22";

    @Test
    void ctDraftArrivesBesideTheDetectorResultsBuiltFromTheSlicesAlone(@TempDir Path dir) throws Exception {
        int pacsPort = NodeHarness.freePort();
        Path received = Files.createDirectories(dir.resolve("pacs"));
        NodeHarness harness = new NodeHarness(dir, PACS_AE, pacsPort);
        SyntheticStudy study = harness.study(717_171);
        LogCapture logs = LogCapture.start();
        Process pacs = NodeHarness.dcmtk(
                "storescp", "-aet", PACS_AE, "-od", received.toString(), "+xa", String.valueOf(pacsPort));
        try (LlamaServer server = LlamaServer.start(NodeHarness.freePort(), dir.resolve("llama.log"));
                CapturingProxy proxy = CapturingProxy.start(server.baseUrl(), CapturingProxy.Mode.PASS)) {
            ObjectNode model = DraftSetup.draftModel(DRAFT, proxy.baseUrl());
            ((ObjectNode) model.get("endpoint")).put("apiKeyEnv", KEY_VARIABLE);
            harness.env.put(KEY_VARIABLE, API_KEY);
            DraftSetup.install(harness, List.of(DETECTOR, DRAFT), model);
            JsonNode detector;
            JsonNode draft;
            try (NodeApplication node = new NodeApplication(harness.config(), harness.env)) {
                node.start();
                harness.send(study, node.dicomPort());
                String uid = study.studyInstanceUid();
                detector = harness.awaitJob(
                        uid, DETECTOR, inState("DONE", "FAILED", "DEAD_LETTER"), Duration.ofSeconds(150));
                draft = harness.awaitJob(uid, DRAFT, inState("DONE", "FAILED", "DEAD_LETTER"), Duration.ofMinutes(5));
            }
            assertEquals("DONE", detector.path("state").asText(), detector.toString());
            assertEquals("DONE", draft.path("state").asText(), draft.toString());
            assertTrue(
                    !Instant.parse(detector.path("doneAt").asText())
                            .isAfter(Instant.parse(draft.path("resultsReadyAt").asText())),
                    "the detector's results went out before the draft was written: " + detector + draft);
            JsonNode request = draft.path("draft");
            assertEquals("WRITTEN", request.path("state").asText());
            assertEquals(6, request.path("imagesSent").asInt());
            assertEquals(promptSha256(), request.path("promptSha256").asText());
            assertEquals("medgemma-tiny-test", request.path("servedModel").asText());

            List<String> sent = slicesSent(study, 6);
            checkRequest(proxy.requests(), study, sent);
            checkReceived(EndToEndIT.awaitFiles(received, 6, Duration.ofSeconds(30)), study, sent);
        } finally {
            logs.stop();
            pacs.destroy();
            pacs.waitFor(10, TimeUnit.SECONDS);
        }
        for (String secret :
                List.of(study.patientName(), study.patientId(), "19600101", API_KEY, study.studyInstanceUid())) {
            assertEquals(List.of(), logs.linesContaining(secret), "patient data or the API key in the logs");
        }
    }

    @Test
    void endpointDownHoldsUpNothingElseAndTheDraftFollowsOnceItIsUp(@TempDir Path dir) throws Exception {
        int llamaPort = NodeHarness.freePort();
        NodeHarness harness = NodeHarness.deliveringToOrthanc(dir);
        SyntheticStudy study = harness.study(727_272);
        DraftSetup.install(
                harness,
                List.of(DETECTOR, DRAFT),
                DraftSetup.draftModel(DRAFT, "http://127.0.0.1:" + llamaPort + "/v1"));
        try (NodeApplication node = new NodeApplication(harness.config(), harness.env);
                OrthancPacs orthanc = harness.orthanc().start(Map.of(), false)) {
            node.start();
            harness.send(study, node.dicomPort());
            String uid = study.studyInstanceUid();
            JsonNode detector =
                    harness.awaitJob(uid, DETECTOR, inState("DONE", "FAILED", "DEAD_LETTER"), Duration.ofSeconds(150));
            assertEquals("DONE", detector.path("state").asText(), "the detector's results do not wait: " + detector);
            JsonNode waiting = harness.awaitJob(
                    uid, DRAFT, job -> job.path("draft").path("attempts").asInt() >= 2, Duration.ofSeconds(60));
            assertEquals("INFERRING", waiting.path("state").asText(), waiting.toString());
            assertEquals("PENDING", waiting.path("draft").path("state").asText(), waiting.toString());
            assertTrue(
                    waiting.path("draft")
                            .path("lastError")
                            .asText()
                            .contains("cannot connect to 127.0.0.1:" + llamaPort),
                    "the REST view says why: " + waiting);
            assertEquals(1, srSeries(orthanc, uid), "only the detector's SR so far");

            try (LlamaServer server = LlamaServer.start(llamaPort, dir.resolve("llama.log"))) {
                JsonNode done =
                        harness.awaitJob(uid, DRAFT, inState("DONE", "FAILED", "DEAD_LETTER"), Duration.ofMinutes(5));
                assertEquals("DONE", done.path("state").asText(), done.toString());
                assertTrue(done.path("draft").path("attempts").asInt() >= 2, done.toString());
                assertEquals(2, srSeries(orthanc, uid), "the draft SR beside the detector's: " + orthanc.seriesOf(uid));
            }
        }
    }

    private static long srSeries(OrthancPacs orthanc, String studyUid) throws Exception {
        return orthanc.seriesOf(studyUid).stream()
                .filter(s -> s.getKey().equals("SR"))
                .count();
    }

    /** The SOP Instance UIDs MedGemma's recipe picks from the study (ordered by Instance Number, as written). */
    private static List<String> slicesSent(SyntheticStudy study, int max) throws Exception {
        int n = study.files().size();
        List<String> uids = new ArrayList<>();
        for (int i = 1; i <= max; i++) {
            int index = (int) Math.rint((double) i / max * (n - 1)); // the notebook's formula, Python rounding
            uids.add(DicomTags.read(study.files().get(index)).get("SOPInstanceUID"));
        }
        return uids;
    }

    private static void checkRequest(List<CapturingProxy.Captured> requests, SyntheticStudy study, List<String> sent)
            throws Exception {
        assertEquals(1, requests.size(), "one request: the endpoint answered the first time");
        CapturingProxy.Captured request = requests.get(0);
        assertEquals(List.of("Bearer " + API_KEY), request.headers().get("Authorization"));
        JsonNode body = JSON.readTree(request.body());
        assertEquals(0, body.path("temperature").asDouble());
        assertEquals(1234, body.path("seed").asInt());
        assertEquals("json_schema", body.path("response_format").path("type").asText());
        JsonNode content = body.path("messages").path(0).path("content");
        List<JsonNode> images = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            if ("image_url".equals(content.get(i).path("type").asText())) {
                images.add(content.get(i));
                assertEquals(
                        "SLICE " + images.size(),
                        content.get(i + 1).path("text").asText(),
                        "each image labelled");
            }
        }
        assertEquals(6, images.size(), "up to input.maxSlices images, sampled");
        assertTrue(
                content.get(0).path("text").asText().contains("6 CT images"),
                content.get(0).toString());
        String question = content.get(content.size() - 1).path("text").asText();
        assertTrue(
                question.contains("\"finding\":\"Pulmonary nodule\"")
                        && question.contains("\"site\":\"Lung structure\"")
                        && question.contains("\"diameterMm\":")
                        && question.contains("\"slice\":"),
                "the detector's findings as structured context: " + question);
        for (JsonNode image : images) {
            String url = image.path("image_url").path("url").asText();
            assertTrue(url.startsWith("data:image/png;base64,"), "PNG data URI");
            BufferedImage png = ImageIO.read(
                    new ByteArrayInputStream(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1))));
            assertEquals(896, png.getWidth());
            assertEquals(896, png.getHeight());
            assertThreeCtWindows(png);
        }
        String text = request.body().replaceAll("data:image/png;base64,[A-Za-z0-9+/=]+", "");
        List<String> phi = new ArrayList<>(List.of(
                study.patientName(),
                study.patientId(),
                "19600101",
                "1960-01-01",
                "SYN717171", // accession number
                "CT CHEST SYNTHETIC PHANTOM", // study description
                "synthetic)", // series description
                study.studyInstanceUid(),
                study.seriesInstanceUid()));
        phi.addAll(sent);
        for (String value : phi) {
            assertFalse(request.body().contains(value), "the request carries " + value);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String key :
                List.of("\"patient", "\"sex\"", "\"age\"", "accession", "institution", "physician", "\"date")) {
            assertFalse(lower.contains(key), "the request names " + key);
        }
    }

    /**
     * Every image holds MedGemma 1.5's three CT windows: red -1024..1024 HU, green -135..215, blue 0..80. Red is
     * linear over the whole phantom, so green follows from red wherever scaling did not blend across a clipped edge;
     * air and lung are black in green and blue; in soft tissue blue rises with HU 350/80 times as steeply as green.
     */
    private static void assertThreeCtWindows(BufferedImage png) {
        int consistentG = 0;
        int airOrLung = 0;
        int blackGreenAndBlue = 0;
        double n = 0;
        double sumG = 0;
        double sumB = 0;
        double sumGG = 0;
        double sumGB = 0;
        int total = png.getWidth() * png.getHeight();
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                int rgb = png.getRGB(x, y);
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                double huFromRed = r / 255.0 * 2048 - 1024;
                if (Math.abs(g - clip((huFromRed + 135) / 350) * 255) <= 10) {
                    consistentG++;
                }
                if (huFromRed < -200) {
                    airOrLung++;
                    if (g == 0 && b == 0) {
                        blackGreenAndBlue++;
                    }
                }
                if (g >= 110 && g <= 150) { // 16..71 HU: inside the blue window
                    n++;
                    sumG += g;
                    sumB += b;
                    sumGG += (double) g * g;
                    sumGB += (double) g * b;
                }
            }
        }
        assertTrue(consistentG > 0.95 * total, "green follows red: " + consistentG + " of " + total);
        assertTrue(blackGreenAndBlue > 0.95 * airOrLung, "air and lung: " + blackGreenAndBlue + " of " + airOrLung);
        assertTrue(n > 0.02 * total, "soft tissue in the green window: " + n);
        double slope = (n * sumGB - sumG * sumB) / (n * sumGG - sumG * sumG);
        assertTrue(slope > 3 && slope < 6, "blue is the 80 HU window, 4.4 times as steep as green: " + slope);
    }

    private static double clip(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static void checkReceived(List<Path> files, SyntheticStudy study, List<String> sent) throws Exception {
        Path draftSr = null;
        int draftPages = 0;
        for (Path file : files) {
            Map<String, String> tags = DicomTags.read(file);
            assertEquals(study.studyInstanceUid(), tags.get("StudyInstanceUID"), "result in the source study");
            assertEquals(List.of(), Dciodvfy.errors(file), "dciodvfy errors in " + file.getFileName());
            if (ENHANCED_SR.equals(tags.get("SOPClassUID"))) {
                draftSr = file;
                assertEquals("UNVERIFIED", tags.get("VerificationFlag"));
                assertEquals("PRELIMINARY", tags.get("PreliminaryFlag"));
                assertEquals("9911", tags.get("SeriesNumber"), "the draft's own series");
            }
            if ("9912".equals(tags.get("SeriesNumber"))) {
                draftPages++;
            }
        }
        assertNotNull(draftSr, "a draft SR among " + files);
        assertEquals(1, draftPages, "one SC page object for PACS that cannot show SR text");
        List<String> findings = SrDump.texts(draftSr, "121071");
        List<String> impressions = SrDump.texts(draftSr, "121073");
        assertEquals(1, findings.size());
        assertEquals(1, impressions.size());
        for (String text : List.of(findings.get(0), impressions.get(0))) {
            assertTrue(text.startsWith(DraftStatement.TEXT), "opens with the draft statement: " + text);
        }
        String observer = SrDump.texts(draftSr, "121015").get(0);
        assertTrue(
                observer.contains("medgemma-tiny-test")
                        && observer.contains("llama.cpp")
                        && observer.contains(promptSha256()),
                observer);
        assertEquals(sent, SrDump.referencedInstances(draftSr), "the evidence is the slices sent");
        StructuredReportValidation validator = new StructuredReportValidation();
        assertTrue(validator.report(draftSr).stream().anyMatch(l -> l.contains("TID_2000")), "validated as TID 2000");
        assertEquals(List.of(), validator.errors(draftSr), "DicomSRValidator errors");
    }

    private static String promptSha256() throws Exception {
        byte[] template = Files.readAllBytes(DraftSetup.MODELS.resolve("prompts/medgemma-ct-draft-v1.txt"));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(template));
    }
}
