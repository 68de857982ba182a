package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.aiworklist.common.AlgorithmIdentity;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.common.Finding;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.reports.DeviceIdentity;
import org.aiworklist.reports.KeyObjectSelectionWriter;
import org.aiworklist.reports.ResultIdentity;
import org.aiworklist.reports.SourceInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PACS forwarding a whole study sends more than the CT: here a segmentation, a presentation state (made by
 * dcmtk's dcmpsmk) and a key object selection ride along in the study. Every instance is accepted and indexed,
 * and the CT series is analysed as if they were not there.
 */
class ForwardedStudyIT {
    private static final String SEGMENTATION = "1.2.840.10008.5.1.4.1.1.66.4";

    @Test
    void segPrAndKosInTheStudyAreKeptAndTheCtIsStillAnalysed(@TempDir Path dir) throws Exception {
        int pacsPort = NodeHarness.freePort();
        NodeHarness harness = new NodeHarness(dir, "FWDPACS", pacsPort);
        // The study has no expected count, so its quiet period completes it; one association sends it all.
        harness.env.put("AIWORKLIST_ASSEMBLY_QUIETPERIODSECONDS", "2");
        SyntheticStudy study = harness.study(515_151);
        Path forwarded = Files.createDirectories(study.directory().resolve("forwarded"));
        Path slice = study.files().get(30);
        run("dcmpsmk", slice.toString(), forwarded.resolve("pr.dcm").toString());
        Path seg = forwarded.resolve("seg.dcm");
        Files.copy(study.files().get(0), seg);
        // A stand-in with the Segmentation class, in a series of its own: the negotiation and the index only look
        // at the class and the identifiers.
        run(
                "dcmodify",
                "-nb",
                "-gse",
                "-gin",
                "-m",
                "(0008,0016)=" + SEGMENTATION,
                "-m",
                "(0008,0060)=SEG",
                seg.toString());
        writeKeyObjectSelection(slice, forwarded.resolve("ko.dcm"));

        Path pacsDir = Files.createDirectories(dir.resolve("pacs"));
        Process pacs =
                NodeHarness.dcmtk("storescp", "-aet", "FWDPACS", "-od", pacsDir.toString(), String.valueOf(pacsPort));
        try (NodeApplication node = new NodeApplication(harness.config())) {
            node.start();
            harness.send(study, node.dicomPort(), "-R"); // asserts storescu stored every file
            JsonNode job = harness.awaitJob(
                    study.studyInstanceUid(),
                    NodeHarness.inState("DONE", "FAILED", "DEAD_LETTER"),
                    java.time.Duration.ofSeconds(150));
            assertEquals("DONE", job.path("state").asText(), job.toString());
            assertEquals("chest-ct-nodules", job.path("ruleName").asText(), "the CT's rule ran: " + job);
            try (var results = Files.list(pacsDir)) {
                assertTrue(results.count() >= 2, "its results reached the PACS");
            }

            JsonNode indexed = new ObjectMapper().readTree(harness.get("/api/studies/" + study.studyInstanceUid()));
            assertEquals(study.files().size() + 3, indexed.path("instanceCount").asInt(), indexed.toString());
            Map<String, Integer> byModality = new TreeMap<>();
            indexed.path("series")
                    .forEach(s -> byModality.merge(
                            s.path("modality").asText(), s.path("instanceCount").asInt(), Integer::sum));
            assertEquals(
                    Map.of("CT", study.files().size(), "KO", 1, "PR", 1, "SEG", 1), byModality, indexed.toString());
        } finally {
            pacs.destroy();
            pacs.waitFor();
        }
    }

    /** A key object selection flagging one slice, as another AI or a radiologist's workstation would send. */
    private static void writeKeyObjectSelection(Path slice, Path out) throws Exception {
        Map<String, String> tags = DicomTags.read(slice);
        ImageReference ref = new ImageReference(
                tags.get("StudyInstanceUID"),
                tags.get("SeriesInstanceUID"),
                tags.get("SOPClassUID"),
                tags.get("SOPInstanceUID"));
        AlgorithmIdentity other = new AlgorithmIdentity(
                "other-ai", "Another vendor's detector", "2.0", "Elsewhere", null, null, List.of());
        Finding flagged = new Finding(
                "f-1",
                new CodedConcept("27925004", "SCT", "Nodule"),
                null,
                ref,
                64,
                64,
                null,
                null,
                5,
                Double.NaN,
                0.9);
        assertTrue(new KeyObjectSelectionWriter(new DeviceIdentity("elsewhere", "OTHER_AI", "Elsewhere", "2.0", null))
                .write(
                        new InferenceResult(other, List.of(flagged), List.of(ref)),
                        List.of(new SourceInstance(ref, slice)),
                        new ResultIdentity("2.25", "forwarded/ko", 1, null),
                        null,
                        null,
                        out)
                .isPresent());
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + output);
    }
}
