package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /metrics scraped before and after a study goes through the node to Orthanc: the intake, job, stage and export
 * counters moved by what that study did, and the gauges, Camel's route metrics and the JVM's are there.
 */
class MetricsIT implements NeedsOrthanc {
    private static final List<String> STAGES = List.of("assembly", "queue", "inference", "reports", "export");

    @Test
    void countersAndHistogramsMoveWithAStudy(@TempDir Path dir) throws Exception {
        NodeHarness harness = NodeHarness.deliveringToOrthanc(dir);
        SyntheticStudy study = harness.study(1402);
        try (OrthancPacs orthanc = harness.orthanc().start(Map.of(), false);
                NodeApplication node = new NodeApplication(harness.config())) {
            node.start();
            Map<String, Double> before = scrape(harness);

            JsonNode job = harness.sendAndAwaitOutcome(study, node.dicomPort());
            assertEquals("DONE", job.path("state").asText(), job.toString());
            Map<String, Double> after = scrape(harness);

            int slices = study.files().size();
            assertEquals(
                    slices,
                    delta(before, after, "aiworklist_instances_received_total{calling_ae=\"TEST_CT\",status=\"0000\"}"),
                    "every slice counted as stored");
            for (String state : List.of("QUEUED", "INFERRING", "RESULTS_READY", "SENDING", "DONE")) {
                assertEquals(1, delta(before, after, "aiworklist_jobs_total{state=\"" + state + "\"}"), state);
            }
            assertEquals(0, delta(before, after, "aiworklist_jobs_total{state=\"FAILED\"}"));
            for (String stage : STAGES) {
                assertEquals(1, delta(before, after, "aiworklist_stage_seconds_count{stage=\"" + stage + "\"}"), stage);
                assertTrue(delta(before, after, "aiworklist_stage_seconds_sum{stage=\"" + stage + "\"}") > 0, stage);
                assertEquals(
                        1,
                        delta(before, after, "aiworklist_stage_seconds_bucket{stage=\"" + stage + "\",le=\"+Inf\"}"),
                        stage + " histogram");
            }
            assertEquals(
                    1, delta(before, after, "aiworklist_export_attempts_total{destination=\"pacs\",outcome=\"sent\"}"));
            assertEquals(0.0, after.get("aiworklist_queue_depth{queue=\"inference\"}"), "nothing left waiting");
            assertEquals(0.0, after.get("aiworklist_queue_depth{queue=\"export\"}"));
            assertTrue(after.get("aiworklist_spool_free_bytes") > 0);
            String inferenceRoute = after.keySet().stream()
                    .filter(k -> k.startsWith("camel_exchanges_total{") && k.contains("routeId=\"inference\""))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no Camel route metrics for the inference route"));
            assertEquals(1, delta(before, after, inferenceRoute), "Camel's route metrics count the inference route");
            assertTrue(after.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{")), "the JVM's own");
        }
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertTrue(after.containsKey(series), series + " is exported; have: " + after.keySet());
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    /** The text exposition format as series (name and labels, as written) to value; comments skipped. */
    private static Map<String, Double> scrape(NodeHarness harness) throws Exception {
        Map<String, Double> series = new HashMap<>();
        for (String line : harness.get("/metrics").lines().toList()) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return series;
    }
}
