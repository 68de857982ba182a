package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aiworklist.common.phantom.PhantomSpec;
import org.aiworklist.common.phantom.PlantedNodule;
import org.aiworklist.inference.training.DemoBoxModel;
import org.aiworklist.reports.read.ReportedFinding;
import org.aiworklist.reports.read.StructuredReportReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A box-detection model end to end, chosen by a rule on attributes other than the modality: the box detector the
 * tests make ({@link DemoBoxModel}) is installed beside the demo models; a rule takes chest series whose description
 * matches a pattern and which the test modality sent, another rule wants heads. dcmtk storescu sends a chest CT, dcmtk
 * storescp receives the results: one job, of the chest rule, whose SR reports the planted nodules as boxes became
 * findings, with SC, presentation state and key objects beside it, all without a dciodvfy error.
 */
class BoxDetectionRuleIT {
    private static final String PACS_AE = "BOXPACS";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRuleOnBodyPartDescriptionAndSenderRunsTheBoxDetector(@TempDir Path dir) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        for (String file : List.of("demo-lung-nodule.yaml", "demo-lung-nodule-1.0.0.onnx")) {
            Files.copy(Path.of("../conf/models").resolve(file), models.resolve(file));
        }
        DemoBoxModel.write(models, models);
        int pacsPort = NodeHarness.freePort();
        Path received = Files.createDirectories(dir.resolve("pacs"));
        NodeHarness harness = new NodeHarness(dir, PACS_AE, pacsPort);
        harness.env.put("AIWORKLIST_MODELS_DIRECTORY", models.toString());
        harness.rules("""
                rules:
                  - name: heads
                    match: {BodyPartExamined: HEAD}
                    models: [demo-lung-nodule]
                    destinations: [pacs]
                  - name: chest-boxes
                    match:
                      BodyPartExamined: CHEST
                      SeriesDescription: {regex: "(?i)axial chest .* mm.*"}
                      callingAeTitle: %s
                    requiredSeries: {orientation: AXIAL, minSlices: 50}
                    models: [%s]
                    destinations: [pacs]
                """.formatted(NodeHarness.MODALITY_AE, DemoBoxModel.ID));
        SyntheticStudy study = SyntheticStudy.write(
                PhantomSpec.defaults().withSlices(60).withSeed(424_242).withNodules(3, 9, 14),
                dir.resolve("study"),
                "2.25");

        Process pacs = NodeHarness.dcmtk(
                "storescp", "-aet", PACS_AE, "-od", received.toString(), "+xa", String.valueOf(pacsPort));
        try (NodeApplication node = new NodeApplication(harness.config())) {
            node.start();
            JsonNode job = harness.sendAndAwaitOutcome(study, node.dicomPort());
            assertEquals("DONE", job.path("state").asText(), job.toString());
            assertEquals("chest-boxes", job.path("ruleName").asText());
            assertEquals(DemoBoxModel.ID, job.path("modelId").asText());
            JsonNode jobs = JSON.readTree(harness.get("/api/jobs"));
            assertEquals(1, jobs.size(), "the head rule made no job: " + jobs);

            List<Path> files = awaitFiles(received, 4, Duration.ofSeconds(30));
            Map<String, Integer> byModality = new TreeMap<>();
            Path sr = null;
            for (Path file : files) {
                Map<String, String> tags = DicomTags.read(file);
                assertEquals(study.studyInstanceUid(), tags.get("StudyInstanceUID"), "result in the source study");
                byModality.merge(tags.get("Modality"), 1, Integer::sum);
                if ("SR".equals(tags.get("Modality"))) {
                    sr = file;
                }
                assertEquals(List.of(), Dciodvfy.errors(file), "dciodvfy errors in " + file.getFileName());
            }
            assertEquals(Map.of("KO", 1, "OT", 1, "PR", 1, "SR", 1), byModality);
            List<ReportedFinding> findings = StructuredReportReader.findings(sr);
            assertEquals(job.path("findingCount").asInt(), findings.size());
            List<PlantedNodule> truth = study.phantom().nodules();
            for (PlantedNodule nodule : truth) {
                assertTrue(
                        findings.stream()
                                .anyMatch(f -> nodule.distanceTo(f.centreMm()) <= Math.max(5, nodule.diameterMm() / 2)),
                        "a box on the planted nodule of " + nodule.diameterMm() + " mm: " + centres(findings));
            }
            for (ReportedFinding f : findings) {
                assertEquals(10.0, f.diameterMm(), 1e-6, "the box's in-plane side");
            }
            assertTrue(findings.size() <= truth.size() + 2, "at most two false positives: " + centres(findings));
        } finally {
            pacs.destroy();
            pacs.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> centres(List<ReportedFinding> findings) {
        List<String> centres = new ArrayList<>();
        findings.forEach(f -> centres.add(java.util.Arrays.toString(f.centreMm())));
        return centres;
    }

    private static List<Path> awaitFiles(Path folder, int atLeast, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        List<Path> files = List.of();
        while (Instant.now().isBefore(deadline)) {
            try (Stream<Path> list = Files.list(folder)) {
                files = list.filter(Files::isRegularFile).sorted().toList();
            }
            if (files.size() >= atLeast) {
                Thread.sleep(500); // let storescp finish writing the last file
                return files;
            }
            Thread.sleep(200);
        }
        return files;
    }
}
