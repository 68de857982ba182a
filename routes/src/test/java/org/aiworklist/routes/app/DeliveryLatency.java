package org.aiworklist.routes.app;

import static org.aiworklist.routes.app.NodeHarness.inState;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Runs studies through a node into Orthanc and prints the results-ready to stored-at-PACS times. */
public final class DeliveryLatency {
    private DeliveryLatency() {}

    public static void measure(Path dir, int studies) throws Exception {
        int orthancPort = NodeHarness.freePort();
        NodeHarness harness = new NodeHarness(dir, OrthancPacs.AE_TITLE, orthancPort);
        List<Double> deliveryMs = new ArrayList<>();
        List<Double> totalMs = new ArrayList<>();
        try (OrthancPacs orthanc = new OrthancPacs(dir.resolve("orthanc"), orthancPort).start(Map.of(), false);
                NodeApplication node = new NodeApplication(harness.config())) {
            node.start();
            for (int i = 0; i < studies; i++) {
                SyntheticStudy study = harness.study(900_000 + i);
                harness.send(study, node.dicomPort());
                JsonNode job = harness.awaitJob(
                        study.studyInstanceUid(), inState("DONE", "FAILED", "DEAD_LETTER"), Duration.ofMinutes(3));
                if (!"DONE".equals(job.path("state").asText())) {
                    throw new IllegalStateException("job did not finish: " + job);
                }
                deliveryMs.add(millis(job, "resultsReadyAt", "doneAt"));
                totalMs.add(millis(job, "createdAt", "doneAt"));
            }
        }
        System.out.printf(
                Locale.ROOT,
                "BENCH delivery: %d studies (60 slices 256x256), results ready -> stored at Orthanc:"
                        + " median %.0f ms, min %.0f ms, max %.0f ms; job created -> done: median %.0f ms%n",
                studies,
                median(deliveryMs),
                Collections.min(deliveryMs),
                Collections.max(deliveryMs),
                median(totalMs));
    }

    private static double millis(JsonNode job, String from, String to) {
        return Duration.between(
                        Instant.parse(job.path(from).asText()),
                        Instant.parse(job.path(to).asText()))
                .toMillis();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
