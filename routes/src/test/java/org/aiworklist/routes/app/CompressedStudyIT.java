package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aiworklist.reports.read.StructuredReportReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A modality that sends JPEG-LS: the node stores the images as received, decodes them only for the model,
 * and finds the same nodules as in the uncompressed study.
 */
class CompressedStudyIT {
    private static final String JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";

    @Test
    void jpegLsStudyIsStoredAsReceivedAndAnalysed(@TempDir Path dir) throws Exception {
        NodeHarness harness = new NodeHarness(dir, "NOWHERE", NodeHarness.freePort());
        SyntheticStudy study = harness.study(959_595);
        Path compressed = Files.createDirectories(dir.resolve("jpeg-ls"));
        for (Path file : study.files()) {
            Process p = NodeHarness.dcmtk(
                    "dcmcjpls",
                    file.toString(),
                    compressed.resolve(file.getFileName()).toString());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "dcmcjpls " + file.getFileName());
        }
        try (NodeApplication node = new NodeApplication(harness.config())) {
            node.start();
            JsonNode job = harness.sendAndAwaitInference(
                    new SyntheticStudy(
                            compressed,
                            study.patientName(),
                            study.patientId(),
                            study.studyInstanceUid(),
                            study.seriesInstanceUid(),
                            study.files(),
                            study.phantom()),
                    node.dicomPort(),
                    "-xt");
            assertTrue(
                    List.of("SENDING", "DONE", "DEAD_LETTER")
                            .contains(job.path("state").asText()),
                    "inference ran on the compressed images: " + job);

            try (Stream<Path> spooled = Files.walk(dir.resolve("spool"))) {
                List<Path> files =
                        spooled.filter(f -> f.toString().endsWith(".dcm")).toList();
                assertEquals(study.files().size(), files.size());
                for (Path f : files.subList(0, 3)) {
                    assertEquals(JPEG_LS_LOSSLESS, DicomTags.read(f).get("TransferSyntaxUID"), "stored as received");
                }
            }
            Path sr = dir.resolve("results")
                    .resolve("job-" + job.path("id").asText())
                    .resolve("sr.dcm");
            EndToEndIT.assertFindingsMatchTruth(
                    StructuredReportReader.findings(sr), study.phantom().nodules());
        }
    }
}
