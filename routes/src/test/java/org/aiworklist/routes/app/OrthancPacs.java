package org.aiworklist.routes.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real PACS for tests: Debian's Orthanc, started by hand on 127.0.0.1 ports with its own configuration
 * file and storage folder, and stopped by the test. Queried through its REST API.
 */
final class OrthancPacs implements AutoCloseable {
    static final String AE_TITLE = "ORTHANC";
    private static final String BINARY = "/usr/sbin/Orthanc";
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Path folder;
    private final int httpPort;
    private final int dicomPort;
    private Process process;

    OrthancPacs(Path folder, int dicomPort) throws IOException {
        this.folder = folder;
        this.dicomPort = dicomPort;
        this.httpPort = NodeHarness.freePort();
    }

    static boolean installed() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /**
     * @param knownCallers AE title to port of the modalities Orthanc accepts; with none, any caller may store
     * @param implicitOnly accept only Implicit VR Little Endian, as some older archives do
     */
    OrthancPacs start(Map<String, Integer> knownCallers, boolean implicitOnly) throws Exception {
        ObjectNode cfg = json.createObjectNode();
        cfg.put("Name", "aiworklist-test-pacs");
        cfg.put("StorageDirectory", folder.resolve("storage").toString());
        cfg.put("IndexDirectory", folder.resolve("index").toString());
        cfg.put("HttpPort", httpPort);
        // Orthanc closes an idle kept-alive connection after 1 s; java.net.http reuses it later and reads EOF
        cfg.put("KeepAlive", false);
        cfg.put("DicomPort", dicomPort);
        cfg.put("DicomAet", AE_TITLE);
        cfg.put("RemoteAccessAllowed", false);
        cfg.put("AuthenticationEnabled", false);
        cfg.put("DicomCheckCalledAet", true);
        cfg.put("DicomAlwaysAllowStore", knownCallers.isEmpty());
        cfg.put("DicomAlwaysAllowEcho", knownCallers.isEmpty());
        cfg.putArray("Plugins");
        cfg.put("SaveJobs", false);
        ObjectNode modalities = cfg.putObject("DicomModalities");
        knownCallers.forEach((ae, port) -> modalities
                .putArray(ae.toLowerCase(Locale.ROOT))
                .add(ae)
                .add("127.0.0.1")
                .add(port));
        if (implicitOnly) {
            cfg.putArray("AcceptedTransferSyntaxes").add("1.2.840.10008.1.2");
        }
        Files.createDirectories(folder);
        Path config = folder.resolve("orthanc.json");
        json.writeValue(config.toFile(), cfg);
        process = new ProcessBuilder(BINARY, config.toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("orthanc.log").toFile())
                .start();
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            try {
                get("/system");
                return this;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("Orthanc did not start; see " + folder.resolve("orthanc.log"));
    }

    int dicomPort() {
        return dicomPort;
    }

    /** The series of a study as Orthanc holds them: modality to instance count per series. */
    List<Map.Entry<String, Integer>> seriesOf(String studyInstanceUid) throws Exception {
        String query = "{\"Level\":\"Study\",\"Query\":{\"StudyInstanceUID\":\"" + studyInstanceUid + "\"}}";
        JsonNode studies = json.readTree(http.send(
                        HttpRequest.newBuilder(uri("/tools/find"))
                                .POST(HttpRequest.BodyPublishers.ofString(query))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        if (studies.isEmpty()) {
            return List.of();
        }
        JsonNode series = get("/studies/" + studies.get(0).asText() + "/series");
        return java.util.stream.StreamSupport.stream(series.spliterator(), false)
                .map(s -> Map.entry(
                        s.path("MainDicomTags").path("Modality").asText(),
                        s.path("Instances").size()))
                .toList();
    }

    /** Total instances Orthanc stores: a duplicate delivery would show up here. */
    int instanceCount() throws Exception {
        return get("/statistics").path("CountInstances").asInt();
    }

    /** The transfer syntax each stored instance arrived in. */
    List<String> storedTransferSyntaxes() throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode id : get("/instances")) {
            out.add(text("/instances/" + id.asText() + "/metadata/TransferSyntax")
                    .trim());
        }
        return out;
    }

    /** Orthanc decodes each stored image's first frame to PNG: proof that the pixel data is decodable. */
    boolean previewsRender() throws Exception {
        for (JsonNode id : get("/instances")) {
            String modality = get("/instances/" + id.asText() + "/tags?simplify")
                    .path("Modality")
                    .asText();
            if ("OT".equals(modality)) { // our Secondary Captures; SR, PR and KO carry no pixels
                HttpResponse<byte[]> png = http.send(
                        HttpRequest.newBuilder(uri("/instances/" + id.asText() + "/frames/0/preview"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (png.statusCode() != 200 || png.body().length < 100) {
                    return false;
                }
            }
        }
        return true;
    }

    private JsonNode get(String path) throws IOException {
        return json.readTree(text(path));
    }

    private String text(String path) throws IOException {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(uri(path))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("Orthanc " + path + ": HTTP " + r.statusCode());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            process = null;
        }
    }
}
