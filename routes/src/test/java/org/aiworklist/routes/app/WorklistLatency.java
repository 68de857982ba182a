package org.aiworklist.routes.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.ExportRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.StudyRecord;
import org.aiworklist.routes.persistence.TestJobs;

/**
 * Fills a node's H2 database with {@code jobs} studies, each with a job and an export, and prints the response time
 * of the worklist page and of the API calls it and operators make (median and 95th percentile of repeated calls on
 * a warm node, one at a time, over loopback).
 */
public final class WorklistLatency {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int WARM_UP = 20;
    private static final int CALLS = 50;

    private WorklistLatency() {}

    public static void measure(Path dir, int jobs) throws Exception {
        NodeHarness harness = new NodeHarness(dir, "NOWHERE", NodeHarness.freePort());
        NodeConfiguration config = harness.config();
        long fillStart = System.nanoTime();
        fill(config, jobs);
        System.out.printf(
                Locale.ROOT, "BENCH filled %d studies, jobs and exports in %.1f s%n", jobs, seconds(fillStart));
        try (NodeApplication node = new NodeApplication(config)) {
            node.start();
            String base = "http://127.0.0.1:" + harness.httpPort;
            List<String> paths = List.of(
                    "/",
                    "/assets/app.js",
                    "/api/worklist",
                    "/api/worklist?offset=" + (jobs - 50),
                    "/api/worklist?sort=patient&dir=asc",
                    "/api/worklist?q=doe",
                    "/api/worklist?state=FAILED",
                    "/api/worklist?model=demo-lung-nodule&from=2026-11-20T00:00:00Z",
                    "/api/jobs",
                    "/api/jobs?afterId=" + (jobs - 100),
                    "/api/jobs?limit=1000");
            for (String path : paths) {
                List<Double> ms = new ArrayList<>();
                int bytes = 0;
                for (int i = 0; i < WARM_UP + CALLS; i++) {
                    long start = System.nanoTime();
                    HttpResponse<byte[]> response = HTTP.send(
                            HttpRequest.newBuilder(URI.create(base + path)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    double took = (System.nanoTime() - start) / 1e6;
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(path + ": HTTP " + response.statusCode());
                    }
                    bytes = response.body().length;
                    if (i >= WARM_UP) {
                        ms.add(took);
                    }
                }
                Collections.sort(ms);
                System.out.printf(
                        Locale.ROOT,
                        "BENCH %-62s median %7.1f ms  p95 %7.1f ms  %8d bytes%n",
                        path,
                        ms.get(ms.size() / 2),
                        ms.get((int) Math.ceil(ms.size() * 0.95) - 1),
                        bytes);
            }
        }
    }

    /** Studies a minute apart over the last weeks; most jobs done, some failed, some still sending. */
    private static void fill(NodeConfiguration config, int jobs) {
        Instant newest = Instant.parse("2026-12-01T12:00:00Z");
        String[] names = {"DOE^JANE", "ROE^RICHARD", "MUSTERMANN^ERIKA", "DUPONT^MARIE", "ROSSI^MARIO"};
        try (Database database = new Database(
                config.database().jdbcUrl(),
                config.database().user(),
                config.database().password())) {
            for (int batch = 0; batch < jobs; batch += 500) {
                int from = batch;
                database.inTransaction(session -> {
                    for (int i = from; i < Math.min(from + 500, jobs); i++) {
                        StudyRecord study = new StudyRecord();
                        study.studyInstanceUid = "2.25.4242" + i;
                        study.patientName = names[i % names.length] + "^" + i;
                        study.patientId = "PID" + i;
                        study.accessionNumber = "ACC" + i;
                        study.studyDescription = "CT CHEST";
                        study.modalitiesInStudy = "CT";
                        study.state = StudyRecord.State.COMPLETE;
                        study.firstReceivedAt = newest.minusSeconds(60L * (jobs - i));
                        study.lastReceivedAt = study.firstReceivedAt.plusSeconds(20);
                        study.completedAt = study.lastReceivedAt.plusSeconds(5);
                        study.instanceCount = 300;
                        session.persist(study);
                        JobRecord.State state = i % 50 == 0
                                ? JobRecord.State.FAILED
                                : i % 97 == 0 ? JobRecord.State.SENDING : JobRecord.State.DONE;
                        JobRecord job = TestJobs.job(study.studyInstanceUid, "inputs", state);
                        job.modelId = "demo-lung-nodule";
                        job.modelVersion = "1.0.0";
                        job.version = 1;
                        job.createdAt = study.completedAt;
                        job.inferenceStartedAt = job.createdAt.plusMillis(100);
                        job.resultsReadyAt = job.inferenceStartedAt.plusSeconds(3);
                        job.findingCount = i % 5;
                        job.error = state == JobRecord.State.FAILED ? "model failed: synthetic error" : null;
                        job.doneAt = state == JobRecord.State.DONE ? job.resultsReadyAt.plusMillis(400) : null;
                        session.persist(job);
                        ExportRecord export = TestJobs.exportOf(job, "pacs");
                        export.state =
                                state == JobRecord.State.DONE ? ExportRecord.State.SENT : ExportRecord.State.PENDING;
                        export.attempts = 1;
                        export.nextAttemptAt = job.resultsReadyAt;
                        export.sentAt = job.doneAt;
                        session.persist(export);
                    }
                });
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
