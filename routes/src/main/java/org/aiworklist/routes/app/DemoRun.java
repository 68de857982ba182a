package org.aiworklist.routes.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.aiworklist.common.phantom.PhantomSpec;
import org.aiworklist.common.phantom.PlantedNodule;
import org.aiworklist.dicom.RemoteApplicationEntity;
import org.aiworklist.dicom.SendReport;
import org.aiworklist.dicom.StorageScu;
import org.aiworklist.routes.config.NodeConfiguration;

/**
 * `./aiworklist demo`: a node, a demo PACS and a synthetic chest CT, sent the way a modality sends it,
 * with each stage shown live and a summary of findings against the planted truth at the end.
 */
final class DemoRun {
    static final String MODALITY_AE = "DEMO_CT";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final int BATCH = 30;
    private final NodeConfiguration config;
    private final PrintStream out = System.out;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    DemoRun(NodeConfiguration config) {
        this.config = config;
    }

    int run() throws Exception {
        NodeConfiguration.Destination pacsDestination = config.destinations().get(0);
        Path demoRoot = config.storage().spool().resolveSibling("demo");
        long seed = 1_000_000 + (System.currentTimeMillis() % 100_000);
        Instant t0 = Instant.now();
        try (DemoPacs pacs = DemoPacs.start(pacsDestination.applicationEntity(), demoRoot.resolve("pacs"));
                NodeApplication node = new NodeApplication(config)) {
            node.start();
            Instant started = Instant.now();
            out.printf(
                    "node %s on %s:%d, demo PACS %s on %s:%d%n",
                    config.device().aeTitle(),
                    config.device().bindAddress(),
                    node.dicomPort(),
                    pacsDestination.applicationEntity().aeTitle(),
                    pacsDestination.applicationEntity().host(),
                    pacsDestination.applicationEntity().port());
            SyntheticStudy study = SyntheticStudy.write(
                    PhantomSpec.defaults().withSeed(seed),
                    demoRoot.resolve("studies").resolve("seed-" + seed),
                    config.device().uidRoot());
            Instant generated = Instant.now();
            out.printf(
                    "synthetic chest CT: %d slices, %d planted nodules (seed %d) in %s%n",
                    study.files().size(), study.phantom().nodules().size(), seed, study.directory());
            send(study, node.dicomPort());
            Instant sent = Instant.now();
            JsonNode job = followJob(study.studyInstanceUid());
            if (job == null || !"DONE".equals(job.path("state").asText())) {
                out.println("demo FAILED: "
                        + (job == null
                                ? "no job was created in time"
                                : job.path("state").asText() + " "
                                        + job.path("error").asText("") + " "
                                        + job.path("exports").toString()));
                return 1;
            }
            List<Path> received = pacs.awaitResults(study.studyInstanceUid(), Duration.ofSeconds(30));
            summarise(study, job, received, new Instant[] {t0, started, generated, sent});
            return received.isEmpty() ? 1 : 0;
        }
    }

    /** In batches, one association each, so the operator sees ingest progress. */
    private void send(SyntheticStudy study, int port) throws Exception {
        StorageScu scu = new StorageScu(MODALITY_AE);
        RemoteApplicationEntity node =
                new RemoteApplicationEntity(config.device().aeTitle(), "127.0.0.1", port);
        List<Path> files = study.files();
        for (int from = 0; from < files.size(); from += BATCH) {
            SendReport report = scu.send(node, files.subList(from, Math.min(files.size(), from + BATCH)));
            if (!report.allStored()) {
                throw new IllegalStateException("the node refused an image: "
                        + report.outcomes().stream()
                                .filter(o -> !o.isSuccess())
                                .findFirst()
                                .orElseThrow()
                                .statusMeaning());
            }
            out.printf("received %d/%d%n", Math.min(files.size(), from + BATCH), files.size());
        }
    }

    /** Polls the REST API and prints each state the job passes through. */
    private JsonNode followJob(String studyUid) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        String last = "";
        out.println("waiting for study completion");
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = latestJob(studyUid);
            String state = job == null ? "" : job.path("state").asText();
            if (!state.equals(last)) {
                out.println(
                        switch (state) {
                            case "QUEUED" ->
                                "study complete, job " + job.path("id").asText() + " queued";
                            case "INFERRING" ->
                                "inference running (" + job.path("modelId").asText() + ")";
                            case "RESULTS_READY" ->
                                "results written: " + job.path("findingCount").asText() + " findings";
                            case "SENDING" -> "sending results to the PACS";
                            case "DONE" -> "results sent";
                            default -> "job state " + state;
                        });
                last = state;
            }
            if (List.of("DONE", "FAILED", "DEAD_LETTER").contains(state)) {
                return job;
            }
            Thread.sleep(200);
        }
        return latestJob(studyUid);
    }

    /** The study's newest job: GET /api/jobs page by page (var/ keeps the jobs of every earlier demo). */
    private JsonNode latestJob(String studyUid) throws Exception {
        JsonNode found = null;
        long afterId = 0;
        for (JsonNode page = jobsAfter(afterId); !page.isEmpty(); page = jobsAfter(afterId)) {
            for (JsonNode job : page) {
                if (studyUid.equals(job.path("studyInstanceUid").asText())) {
                    found = job;
                }
                afterId = job.path("id").asLong();
            }
        }
        return found;
    }

    private JsonNode jobsAfter(long afterId) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://" + config.http().bindAddress() + ":"
                                + config.http().port() + "/api/jobs?limit=1000&afterId=" + afterId))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode page = json.readTree(response.body());
        if (!page.isArray()) {
            throw new IllegalStateException("GET /api/jobs answered " + response.statusCode() + ": " + page);
        }
        return page;
    }

    /** @param marks demo start, node started, study generated, study sent */
    private void summarise(SyntheticStudy study, JsonNode job, List<Path> received, Instant[] marks) throws Exception {
        JsonNode findings = json.readTree(config.storage()
                .results()
                .resolve("job-" + job.path("id").asText())
                .resolve("findings.json")
                .toFile());
        out.println();
        out.println("Model: " + findings.path("model").asText() + " — "
                + findings.path("disclaimer").asText());
        out.println("Findings (patient coordinates, mm):");
        List<PlantedNodule> truth = new ArrayList<>(study.phantom().nodules());
        for (JsonNode f : findings.path("findings")) {
            double[] c = {
                f.path("centreMm").get(0).asDouble(),
                f.path("centreMm").get(1).asDouble(),
                f.path("centreMm").get(2).asDouble()
            };
            PlantedNodule nearest = truth.stream()
                    .min((a, b) -> Double.compare(a.distanceTo(c), b.distanceTo(c)))
                    .orElse(null);
            out.printf(
                    Locale.ROOT,
                    "  %-9s centre (%7.1f, %7.1f, %7.1f)  diameter %5.1f  probability %.2f   %s%n",
                    f.path("trackingId").asText(),
                    c[0],
                    c[1],
                    c[2],
                    f.path("diameterMm").asDouble(),
                    f.path("probability").asDouble(),
                    nearest == null
                            ? "no planted nodule"
                            : String.format(
                                    Locale.ROOT,
                                    "planted %.1f mm at %.1f mm distance",
                                    nearest.diameterMm(),
                                    nearest.distanceTo(c)));
        }
        out.println("Planted truth:");
        for (PlantedNodule n : truth) {
            out.printf(
                    Locale.ROOT,
                    "  centre (%7.1f, %7.1f, %7.1f)  diameter %5.1f%n",
                    n.xMm(),
                    n.yMm(),
                    n.zMm(),
                    n.diameterMm());
        }
        out.println("Received by the demo PACS:");
        received.forEach(p -> out.println("  " + p));
        out.println("Stage times:");
        stage("start node, load model", marks[0], marks[1]);
        stage("generate study", marks[1], marks[2]);
        stage("send (C-STORE)", marks[2], marks[3]);
        stage("study completion", marks[3], instant(job, "createdAt"));
        stage("queue", instant(job, "createdAt"), instant(job, "inferenceStartedAt"));
        stage("inference, SR and SC", instant(job, "inferenceStartedAt"), instant(job, "resultsReadyAt"));
        stage("send results to PACS", instant(job, "resultsReadyAt"), instant(job, "doneAt"));
        stage("total", marks[0], Instant.now());
    }

    private void stage(String name, Instant from, Instant to) {
        out.printf(
                Locale.ROOT,
                "  %-24s %6.2f s%n",
                name,
                Duration.between(from, to).toMillis() / 1000.0);
    }

    private static Instant instant(JsonNode job, String field) {
        return Instant.parse(job.path(field).asText());
    }
}
