package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import java.util.function.Predicate;
import org.aiworklist.common.FreePorts;
import org.aiworklist.common.phantom.PhantomSpec;
import org.aiworklist.dicom.FileOutcome;
import org.aiworklist.dicom.RemoteApplicationEntity;
import org.aiworklist.dicom.StorageScu;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.aiworklist.routes.config.NodeConfiguration;

/** A node configured into a temporary folder, with its REST API and a modality (dcmtk storescu) to feed it. */
final class NodeHarness {
    static final String MODALITY_AE = "TEST_CT";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    final Path dir;
    final int httpPort;
    /** The port of the node's one destination. */
    final int destinationPort;

    final Map<String, String> env = new HashMap<>();
    /** Sent as "Authorization: Bearer" by {@link #get} and {@link #post} when the node has API tokens. */
    String token;

    /** The configuration file the environment overrides apply to. */
    Path configFile = Path.of("../conf/aiworklist.yaml");

    NodeHarness(Path dir, String destinationAe, int destinationPort) throws IOException {
        this.dir = dir;
        this.httpPort = freePort();
        this.destinationPort = destinationPort;
        env.put("AIWORKLIST_DEVICE_CONNECTION_PORT", "0");
        env.put("AIWORKLIST_HTTP_PORT", String.valueOf(httpPort));
        env.put("AIWORKLIST_STORAGE_SPOOL", dir.resolve("spool").toString());
        env.put("AIWORKLIST_STORAGE_QUARANTINE", dir.resolve("quarantine").toString());
        env.put("AIWORKLIST_STORAGE_RESULTS", dir.resolve("results").toString());
        env.put("AIWORKLIST_AUDIT_FILE", dir.resolve("audit/audit.log").toString());
        env.put("AIWORKLIST_DATABASE_JDBCURL", "jdbc:h2:file:" + dir.resolve("db/aiworklist") + ";WRITE_DELAY=0");
        env.put("AIWORKLIST_DESTINATIONS_0_AETITLE", destinationAe);
        env.put("AIWORKLIST_DESTINATIONS_0_PORT", String.valueOf(destinationPort));
        env.put(
                "AIWORKLIST_MODELS_DIRECTORY",
                Path.of("../conf/models").toAbsolutePath().toString());
        // Retries in seconds, not minutes, so tests see them.
        env.put("AIWORKLIST_EXPORT_INITIALRETRYSECONDS", "1");
        env.put("AIWORKLIST_EXPORT_MAXRETRYSECONDS", "2");
    }

    /** A node whose one destination is an Orthanc on a free port: {@link #orthanc()}. */
    static NodeHarness deliveringToOrthanc(Path dir) throws IOException {
        return new NodeHarness(dir, OrthancPacs.AE_TITLE, freePort());
    }

    /** The Orthanc at the node's destination port, its files under the node's folder; not started yet. */
    OrthancPacs orthanc() throws IOException {
        return new OrthancPacs(dir.resolve("orthanc"), destinationPort);
    }

    /** From now on the node runs the default configuration with these rules instead of its own ({@code rules:} ...). */
    void rules(String rulesYaml) throws IOException {
        String defaults = Files.readString(Path.of("../conf/aiworklist.yaml"));
        configFile = Files.writeString(
                dir.resolve("aiworklist.yaml"), defaults.replaceFirst("(?ms)^rules:\n.*?(?=^\\S)", rulesYaml));
    }

    NodeConfiguration config() {
        return ConfigurationLoader.load(configFile, env);
    }

    /** A small chest CT (enough slices for the rule) written under the node's folder. */
    SyntheticStudy study(long seed) throws IOException {
        return SyntheticStudy.write(
                PhantomSpec.defaults().withSlices(60).withSeed(seed), dir.resolve("study-" + seed), "2.25");
    }

    /**
     * Sends every slice as a modality would, with dcmtk's storescu, and expects every one stored.
     *
     * @param proposal storescu's transfer syntax proposal option, e.g. -xt for JPEG-LS lossless
     */
    void send(SyntheticStudy study, int nodePort, String... proposal) throws Exception {
        send(study.directory(), nodePort, proposal);
    }

    /** Sends every .dcm file under the folder as {@link #send(SyntheticStudy, int, String...)} does. */
    void send(Path directory, int nodePort, String... proposal) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                "storescu", "-aet", MODALITY_AE, "-aec", config().device().aeTitle()));
        command.addAll(List.of(proposal));
        command.addAll(
                List.of("+sd", "+r", "+sp", "*.dcm", "127.0.0.1", String.valueOf(nodePort), directory.toString()));
        Process scu = dcmtk(command.toArray(String[]::new));
        assertTrue(scu.waitFor(120, TimeUnit.SECONDS), "storescu finished");
        assertEquals(0, scu.exitValue(), "storescu stored every slice");
    }

    /**
     * Sends the study as {@link #send} does and waits, 150 s at most, until its job is past inference: its results
     * are being sent or delivered, or the job failed. Returns the job as GET /api/jobs shows it then.
     */
    JsonNode sendAndAwaitInference(SyntheticStudy study, int nodePort, String... proposal) throws Exception {
        send(study, nodePort, proposal);
        return awaitJob(
                study.studyInstanceUid(), inState("SENDING", "DONE", "FAILED", "DEAD_LETTER"), Duration.ofSeconds(150));
    }

    /**
     * Sends the study as {@link #send} does and waits, 150 s at most, until its job has ended: done, failed or a
     * dead letter. Returns the job as GET /api/jobs shows it then.
     */
    JsonNode sendAndAwaitOutcome(SyntheticStudy study, int nodePort) throws Exception {
        send(study, nodePort);
        return awaitJob(study.studyInstanceUid(), inState("DONE", "FAILED", "DEAD_LETTER"), Duration.ofSeconds(150));
    }

    /**
     * Sends the files to the node over one association, as the modality, with the node's own Storage SCU rather
     * than storescu; returns each file's outcome, in order.
     */
    List<FileOutcome> sendFiles(int nodePort, Path... files) throws Exception {
        RemoteApplicationEntity node =
                new RemoteApplicationEntity(config().device().aeTitle(), "127.0.0.1", nodePort);
        return new StorageScu(MODALITY_AE).send(node, List.of(files)).outcomes();
    }

    /** Polls GET /api/jobs until the study's newest job satisfies the condition, or the time is up. */
    JsonNode awaitJob(String studyUid, Predicate<JsonNode> condition, Duration timeout) throws Exception {
        return awaitJob(studyUid, null, condition, timeout);
    }

    /** As above, for the study's newest job of one model (any model when null). */
    JsonNode awaitJob(String studyUid, String modelId, Predicate<JsonNode> condition, Duration timeout)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode last = JSON.createObjectNode();
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode job : JSON.readTree(get("/api/jobs"))) {
                if (studyUid.equals(job.path("studyInstanceUid").asText())
                        && (modelId == null
                                || modelId.equals(job.path("modelId").asText()))) {
                    last = job;
                }
            }
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        return last;
    }

    static Predicate<JsonNode> inState(String... states) {
        return job -> List.of(states).contains(job.path("state").asText());
    }

    String get(String path) throws Exception {
        return HTTP.send(
                        authorised(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** An operator's call: the API takes state-changing requests only with a JSON content type. */
    HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(
                authorised(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A call with the caller's own bearer token (none when null), whatever its outcome. */
    HttpResponse<String> call(String method, String path, String bearerToken) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder authorised(HttpRequest.Builder request) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    static Process dcmtk(String... command) throws IOException {
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("TCP_NODELAY", "1");
        return pb.start();
    }

    static int freePort() throws IOException {
        return FreePorts.tcp();
    }
}
