package org.aiworklist.routes.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.aiworklist.common.phantom.PhantomSpec;
import org.aiworklist.common.phantom.PlantedNodule;
import org.aiworklist.reports.read.ReportedFinding;
import org.aiworklist.reports.read.StructuredReportReader;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.aiworklist.routes.config.NodeConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole path with real peers: dcmtk storescu sends a synthetic chest CT to the running node, dcmtk storescp
 * receives the results. Checks placement in the source study, findings against the planted truth, and
 * dciodvfy on every object received.
 */
class EndToEndTest {
    private static final String PACS_AE = "E2EPACS";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void syntheticCtGoesInByCStoreAndResultsComeBackAsSrAndSc(@TempDir Path dir) throws Exception {
        int pacsPort = freePort();
        int httpPort = freePort();
        Path received = Files.createDirectories(dir.resolve("pacs"));
        Map<String, String> env = new HashMap<>();
        env.put("AIWORKLIST_DEVICE_CONNECTION_PORT", "0");
        env.put("AIWORKLIST_HTTP_PORT", String.valueOf(httpPort));
        env.put("AIWORKLIST_STORAGE_SPOOL", dir.resolve("spool").toString());
        env.put("AIWORKLIST_STORAGE_QUARANTINE", dir.resolve("quarantine").toString());
        env.put("AIWORKLIST_STORAGE_RESULTS", dir.resolve("results").toString());
        env.put("AIWORKLIST_DATABASE_JDBCURL", "jdbc:h2:file:" + dir.resolve("db/aiworklist") + ";WRITE_DELAY=0");
        env.put("AIWORKLIST_DESTINATIONS_0_AETITLE", PACS_AE);
        env.put("AIWORKLIST_DESTINATIONS_0_PORT", String.valueOf(pacsPort));
        env.put("AIWORKLIST_MODELS_DIRECTORY", Path.of("../conf/models").toAbsolutePath().toString());
        NodeConfiguration config = ConfigurationLoader.load(Path.of("../conf/aiworklist.yaml"), env);

        PhantomSpec spec = PhantomSpec.defaults().withSlices(80).withSeed(424_242);
        SyntheticStudy study = SyntheticStudy.write(spec, dir.resolve("study"), "2.25");

        Process pacs = dcmtk("storescp", "-aet", PACS_AE, "-od", received.toString(), "+xa", String.valueOf(pacsPort));
        try (NodeApplication node = new NodeApplication(config)) {
            node.start();
            Process scu = dcmtk("storescu", "-aet", "E2E_CT", "-aec", config.device().aeTitle(), "+sd", "+r", "+sp", "*.dcm",
                    "127.0.0.1", String.valueOf(node.dicomPort()), study.directory().toString());
            assertTrue(scu.waitFor(60, TimeUnit.SECONDS), "storescu finished");
            assertEquals(0, scu.exitValue(), "storescu stored every slice");

            JsonNode job = awaitJob(httpPort, study.studyInstanceUid(), Duration.ofSeconds(150));
            assertEquals("DONE", job.path("state").asText(), job.toString());
            List<Path> results = awaitFiles(received, 2, Duration.ofSeconds(20));

            Path sr = null;
            int scCount = 0;
            for (Path file : results) {
                Map<String, String> tags = DicomTags.read(file);
                assertEquals(study.studyInstanceUid(), tags.get("StudyInstanceUID"), "result in the source study");
                assertNotEquals(study.seriesInstanceUid(), tags.get("SeriesInstanceUID"), "result in a new series");
                if ("SR".equals(tags.get("Modality"))) {
                    sr = file;
                } else {
                    scCount++;
                }
                assertEquals(List.of(), Dciodvfy.errors(file), "dciodvfy errors in " + file.getFileName());
            }
            assertTrue(scCount >= 1, "at least one Secondary Capture");
            assertTrue(sr != null, "an SR");
            assertFindingsMatchTruth(StructuredReportReader.findings(sr), study.phantom().nodules());
        } finally {
            pacs.destroy();
            pacs.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Every planted nodule of 6 mm or more is found within 5 mm; at most one extra finding. */
    private static void assertFindingsMatchTruth(List<ReportedFinding> findings, List<PlantedNodule> truth) {
        assertFalse(findings.isEmpty(), "findings in the SR");
        int matched = 0;
        for (PlantedNodule nodule : truth) {
            boolean found = findings.stream().anyMatch(f ->
                    nodule.distanceTo(f.centreMm()) <= Math.max(5, nodule.diameterMm() / 2)
                            && Math.abs(f.diameterMm() - nodule.diameterMm()) <= Math.max(3, nodule.diameterMm() * 0.5));
            if (found) {
                matched++;
            } else {
                assertTrue(nodule.diameterMm() < 6, "missed a planted nodule of " + nodule.diameterMm() + " mm");
            }
        }
        assertTrue(findings.size() - matched <= 1, "false positives: " + (findings.size() - matched));
    }

    private JsonNode awaitJob(int httpPort, String studyUid, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/jobs")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode job : json.readTree(body)) {
                if (studyUid.equals(job.path("studyInstanceUid").asText())) {
                    last = job;
                }
            }
            if (last != null && List.of("DONE", "FAILED", "DEAD_LETTER").contains(last.path("state").asText())) {
                return last;
            }
            Thread.sleep(250);
        }
        return last == null ? json.createObjectNode() : last;
    }

    private static List<Path> awaitFiles(Path folder, int atLeast, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        List<Path> files = List.of();
        while (Instant.now().isBefore(deadline)) {
            try (Stream<Path> list = Files.list(folder)) {
                files = list.filter(Files::isRegularFile).sorted().toList();
            }
            if (files.size() >= atLeast) {
                Thread.sleep(500); // let storescp finish the last file
                return files;
            }
            Thread.sleep(200);
        }
        return files;
    }

    static Process dcmtk(String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("TCP_NODELAY", "1");
        return pb.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
