package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.aiworklist.common.phantom.PhantomSpec;
import org.aiworklist.dicom.FileOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values longer than the index's columns (issue 17, finding 5). Descriptive values beyond their VR's length are
 * common in the field, so the image is stored intact and only its index row holds the value cut; a Study Instance
 * UID that cannot key the index is refused C000 (a failure, so the sender stops retrying) and quarantined. Neither
 * value ever reaches the log.
 */
class OverlongValuesIT {
    private static final String LONG_PATIENT_ID = "PID-" + "7".repeat(66);
    private static final String LONG_DESCRIPTION = "SERIES-DESCRIPTION-" + "D".repeat(51);
    private static final String LONG_MODALITY = "CTMODALITYTOOLONGX";
    private static final String LONG_STUDY_UID = "1.2.826.0.1." + "3".repeat(60);

    @Test
    void overlongDescriptiveValuesAreStoredIntactAndOverlongUidsQuarantinedWithNoValueInTheLog(@TempDir Path dir)
            throws Exception {
        NodeHarness harness = new NodeHarness(dir, "NOWHERE", NodeHarness.freePort());
        SyntheticStudy study =
                SyntheticStudy.write(PhantomSpec.defaults().withSlices(3).withSeed(7), dir.resolve("study"), "2.25");
        Path longValues = modified(
                study.files().get(0),
                dir.resolve("long-values.dcm"),
                "(0010,0020)=" + LONG_PATIENT_ID,
                "(0008,103E)=" + LONG_DESCRIPTION,
                "(0008,0060)=" + LONG_MODALITY);
        Path longStudyUid =
                modified(study.files().get(1), dir.resolve("long-study-uid.dcm"), "(0020,000D)=" + LONG_STUDY_UID);
        assertEquals(LONG_PATIENT_ID, DicomTags.read(longValues).get("PatientID"), "dcmodify wrote the long value");

        LogCapture logs = LogCapture.start();
        try (NodeApplication node = new NodeApplication(harness.config())) {
            node.start();
            List<FileOutcome> outcomes = harness.sendFiles(node.dicomPort(), longValues, longStudyUid);
            assertEquals(0x0000, outcomes.get(0).status(), outcomes.get(0).statusMeaning());
            assertEquals(0xC000, outcomes.get(1).status(), outcomes.get(1).statusMeaning());
            assertTrue(node.awaitIndexed(Duration.ofSeconds(30)), "indexed");

            ObjectMapper json = new ObjectMapper();
            JsonNode stored = json.readTree(harness.get("/api/studies/" + study.studyInstanceUid()));
            assertEquals(1, stored.path("instanceCount").asInt(), stored.toString());
            assertEquals(
                    LONG_MODALITY.substring(0, 16),
                    stored.path("series").get(0).path("modality").asText());
            JsonNode quarantine = json.readTree(harness.get("/api/quarantine"));
            assertEquals(1, quarantine.size(), quarantine.toString());
            String reason = quarantine.get(0).path("reason").asText();
            assertTrue(reason.contains("Study Instance UID"), reason);
            assertTrue(Files.exists(Path.of(quarantine.get(0).path("file").asText())));
        } finally {
            logs.stop();
        }
        try (var spooled = Files.walk(dir.resolve("spool"))) {
            Path file = spooled.filter(p -> p.toString().endsWith(".dcm"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(LONG_PATIENT_ID, DicomTags.read(file).get("PatientID"), "the file keeps the whole value");
        }
        for (String value : List.of(
                LONG_PATIENT_ID,
                LONG_DESCRIPTION,
                LONG_MODALITY,
                LONG_STUDY_UID,
                LONG_PATIENT_ID.substring(0, 20),
                study.patientId(),
                study.patientName())) {
            assertEquals(List.of(), logs.linesContaining(value), "no log line quotes " + value);
        }
        assertTrue(logs.lines().size() > 2, "the capture saw the node's log");
    }

    /** A copy of {@code source} with attributes set by dcmtk's dcmodify, which writes what it is told. */
    private static Path modified(Path source, Path target, String... assignments) throws Exception {
        Files.copy(source, target);
        List<String> command = new java.util.ArrayList<>(List.of("dcmodify", "-nb", "-imt"));
        for (String a : assignments) {
            command.addAll(List.of("-i", a));
        }
        command.add(target.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), Charset.defaultCharset());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "dcmodify: " + out);
        return target;
    }
}
