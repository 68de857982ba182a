package org.aiworklist.routes.app;

import static org.aiworklist.routes.app.DraftSetup.DETECTOR;
import static org.aiworklist.routes.app.DraftSetup.DRAFT;
import static org.aiworklist.routes.app.NodeHarness.inState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aiworklist.common.phantom.PhantomSpec;

/**
 * Time to draft for a 300-slice 512 x 512 chest CT (85 slices sent at 896 px) against the real test server, on this
 * machine's CPU: a node with the demo detector and the shipped MedGemma manifest (answers kept short: the test model's
 * text is meaningless), storescp as the PACS. Prints BENCH lines: request size, preparation, the server's time, and
 * study complete to draft stored.
 */
public final class DraftLatency {
    private static final Pattern PREPARED = Pattern.compile("\\((\\d+) bytes, prepared in (\\d+) ms\\)");
    private static final Pattern ANSWERED = Pattern.compile("request to the endpoint took (\\d+) ms");

    private DraftLatency() {}

    public static void measure(Path dir) throws Exception {
        int pacsPort = NodeHarness.freePort();
        NodeHarness harness = new NodeHarness(dir, "BENCHPACS", pacsPort);
        SyntheticStudy study = SyntheticStudy.write(
                PhantomSpec.defaults().withSlices(300).withMatrix(512, 0.7).withSliceThickness(1.25),
                dir.resolve("study"),
                "2.25");
        Process pacs = NodeHarness.dcmtk(
                "storescp",
                "-aet",
                "BENCHPACS",
                "-od",
                Files.createDirectories(dir.resolve("pacs")).toString(),
                "+xa",
                String.valueOf(pacsPort));
        LogCapture logs = LogCapture.start();
        // 85 images are ~22k tokens: beyond the test model's trained 8192, so its context is set to 32768
        try (LlamaServer server = LlamaServer.start(
                NodeHarness.freePort(), dir.resolve("llama.log"), "--override-kv", "gemma3.context_length=int:32768")) {
            ObjectNode model = DraftSetup.draftModel(DRAFT, server.baseUrl());
            ((ObjectNode) model.get("input")).put("maxSlices", 85);
            ((ObjectNode) model.get("endpoint")).put("timeoutSeconds", 3600);
            DraftSetup.install(harness, List.of(DETECTOR, DRAFT), model);
            try (NodeApplication node = new NodeApplication(harness.config(), harness.env)) {
                node.start();
                harness.send(study, node.dicomPort());
                String uid = study.studyInstanceUid();
                JsonNode detector = harness.awaitJob(uid, DETECTOR, inState("DONE", "FAILED"), Duration.ofMinutes(10));
                JsonNode draft = harness.awaitJob(uid, DRAFT, inState("DONE", "FAILED"), Duration.ofHours(1));
                if (!"DONE".equals(draft.path("state").asText())) {
                    throw new IllegalStateException("draft did not finish: " + draft);
                }
                report(detector, draft, String.join("\n", logs.lines()));
            }
        } finally {
            logs.stop();
            pacs.destroy();
            pacs.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void report(JsonNode detector, JsonNode draft, String log) {
        Matcher prepared = PREPARED.matcher(log);
        Matcher answered = ANSWERED.matcher(log);
        if (!prepared.find() || !answered.find()) {
            throw new IllegalStateException("the draft stage's timing lines are missing");
        }
        long bytes = Long.parseLong(prepared.group(1));
        System.out.printf(
                Locale.ROOT,
                "BENCH draft: 300-slice 512x512 CT, %d images sent, request %.1f MB (%.0f KB per image)%n",
                draft.path("draft").path("imagesSent").asInt(),
                bytes / 1e6,
                bytes / 1e3 / draft.path("draft").path("imagesSent").asInt());
        System.out.printf(
                Locale.ROOT,
                "BENCH draft: detector done %.1f s after study complete; draft prepared in %.1f s (decode, windows,"
                        + " 896 px PNG), server answered in %.1f s, draft stored %.1f s after study complete%n",
                seconds(detector, "createdAt", "doneAt"),
                Long.parseLong(prepared.group(2)) / 1000.0,
                Long.parseLong(answered.group(1)) / 1000.0,
                seconds(draft, "createdAt", "doneAt"));
    }

    private static double seconds(JsonNode job, String from, String to) {
        return Duration.between(
                                Instant.parse(job.path(from).asText()),
                                Instant.parse(job.path(to).asText()))
                        .toMillis()
                / 1000.0;
    }
}
