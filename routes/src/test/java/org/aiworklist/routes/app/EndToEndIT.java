package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.aiworklist.common.phantom.PlantedNodule;
import org.aiworklist.reports.ViewerClients;
import org.aiworklist.reports.read.ReportedFinding;
import org.aiworklist.reports.read.StructuredReportReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path with real peers: dcmtk storescu sends a synthetic chest CT to the running node, dcmtk storescp
 * receives the results. Checks placement in the source study, findings against the planted truth, dciodvfy on
 * every object received, and that no patient data reached the logs.
 */
class EndToEndIT {
    private static final String PACS_AE = "E2EPACS";

    @Test
    void syntheticCtGoesInByCStoreAndResultsComeBackAsSrAndSc(@TempDir Path dir) throws Exception {
        int pacsPort = NodeHarness.freePort();
        Path received = Files.createDirectories(dir.resolve("pacs"));
        NodeHarness harness = new NodeHarness(dir, PACS_AE, pacsPort);
        SyntheticStudy study = harness.study(424_242);

        LogCapture logs = LogCapture.start();
        Process pacs = NodeHarness.dcmtk(
                "storescp", "-aet", PACS_AE, "-od", received.toString(), "+xa", String.valueOf(pacsPort));
        try (NodeApplication node = new NodeApplication(harness.config())) {
            node.start();
            JsonNode job = harness.sendAndAwaitOutcome(study, node.dicomPort());
            assertEquals("DONE", job.path("state").asText(), job.toString());
            List<Path> results = awaitFiles(received, 4, Duration.ofSeconds(20)); // SR, SC, PR, KO

            Path sr = null;
            Map<String, Integer> byModality = new java.util.TreeMap<>();
            for (Path file : results) {
                Map<String, String> tags = DicomTags.read(file);
                assertEquals(study.studyInstanceUid(), tags.get("StudyInstanceUID"), "result in the source study");
                assertNotEquals(study.seriesInstanceUid(), tags.get("SeriesInstanceUID"), "result in a new series");
                byModality.merge(tags.get("Modality"), 1, Integer::sum);
                if ("SR".equals(tags.get("Modality"))) {
                    sr = file;
                }
                assertEquals(List.of(), Dciodvfy.errors(file), "dciodvfy errors in " + file.getFileName());
            }
            // every kind the node sends passed dciodvfy above: SR, SC (OT), presentation state (PR), key objects (KO)
            assertTrue(byModality.getOrDefault("OT", 0) >= 1, "at least one Secondary Capture: " + byModality);
            assertEquals(1, byModality.getOrDefault("PR", 0), "one presentation state: " + byModality);
            assertEquals(1, byModality.getOrDefault("KO", 0), "one key object selection: " + byModality);
            assertNotNull(sr, "an SR");
            List<ReportedFinding> findings = StructuredReportReader.findings(sr);
            assertFindingsMatchTruth(findings, study.phantom().nodules());
            assertViewerDrawsEachFindingOnItsCentreSlice(sr, findings, study);
        } finally {
            logs.stop();
            pacs.destroy();
            pacs.waitFor(10, TimeUnit.SECONDS);
        }
        assertTrue(logs.lines().size() > 5, "the node logged its work");
        // the synthetic patient's birth date is 1960-01-01 (SyntheticStudy), in DICOM and ISO form
        for (String phi : List.of(
                study.patientName(),
                study.patientId(),
                "19600101",
                "1960-01-01",
                study.studyInstanceUid(),
                study.seriesInstanceUid())) {
            assertEquals(List.of(), logs.linesContaining(phi), "patient data in the logs");
        }
    }

    /** Every planted nodule of 6 mm or more is found within max(5 mm, radius); at most one extra finding. */
    static void assertFindingsMatchTruth(List<ReportedFinding> findings, List<PlantedNodule> truth) {
        assertFalse(findings.isEmpty(), "findings in the SR");
        int matched = 0;
        for (PlantedNodule nodule : truth) {
            boolean found = findings.stream()
                    .anyMatch(f -> f.centreMm() != null
                            && nodule.distanceTo(f.centreMm()) <= Math.max(5, nodule.diameterMm() / 2)
                            && Math.abs(f.diameterMm() - nodule.diameterMm())
                                    <= Math.max(3, nodule.diameterMm() * 0.5));
            if (found) {
                matched++;
            } else {
                assertTrue(nodule.diameterMm() < 6, "missed a planted nodule of " + nodule.diameterMm() + " mm");
            }
        }
        assertTrue(findings.size() - matched <= 1, "false positives: " + (findings.size() - matched));
    }

    /**
     * The SR as OHIF reads it (viewer-clients/sr-annotations.mjs on dcmjs and @cornerstonejs/adapters): one
     * annotation per volumetric finding, sharing its tracking UID, on the sent slice nearest to its centre.
     */
    private static void assertViewerDrawsEachFindingOnItsCentreSlice(
            Path sr, List<ReportedFinding> findings, SyntheticStudy study) throws Exception {
        JsonNode annotations = new ViewerClients(Path.of(".."))
                .run("sr-annotations.mjs", sr, study.directory())
                .path("annotations");
        Map<String, Double> sliceZ = new HashMap<>();
        for (Path file : study.files()) {
            Map<String, String> tags = DicomTags.read(file);
            sliceZ.put(
                    tags.get("SOPInstanceUID"),
                    Double.parseDouble(tags.get("ImagePositionPatient").split("\\\\", -1)[2]));
        }
        List<ReportedFinding> volumetric =
                findings.stream().filter(f -> f.centreMm() != null).toList();
        assertEquals(volumetric.size(), annotations.size(), "one viewer annotation per finding: " + annotations);
        for (ReportedFinding f : volumetric) {
            JsonNode a = StreamSupport.stream(annotations.spliterator(), false)
                    .filter(n -> f.trackingUid()
                            .equals(n.path("trackingUniqueIdentifier").asText()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no annotation for " + f.trackingId() + ": " + annotations));
            String nearest = sliceZ.entrySet().stream()
                    .min(Comparator.comparingDouble(e -> Math.abs(e.getValue() - f.centreMm()[2])))
                    .orElseThrow()
                    .getKey();
            assertEquals(nearest, a.path("referencedSOPInstanceUID").asText(), f.trackingId() + " on its centre slice");
            assertEquals("CircleROI", a.path("toolType").asText(), f.trackingId());
        }
    }

    static List<Path> awaitFiles(Path folder, int atLeast, Duration timeout) throws Exception {
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
