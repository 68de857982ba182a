package org.aiworklist.routes.api;

import io.vertx.core.MultiMap;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aiworklist.routes.app.InstalledModels;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.jobs.ExportStage;
import org.aiworklist.routes.jobs.ResultImages;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.DraftRecord;
import org.aiworklist.routes.persistence.ExportRecord;
import org.aiworklist.routes.persistence.InstanceRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.StudyRecord;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * What the worklist page shows, for staff inside the hospital: patient identity included (the application log
 * never has it). The list, a job's detail with its findings and pictures, the destinations and the models.
 */
public final class WorklistApi {
    private final Database database;
    private final NodeConfiguration config;
    private final ExportStage export;
    private final InstalledModels models;

    public WorklistApi(Database database, NodeConfiguration config, ExportStage export, InstalledModels models) {
        this.database = database;
        this.config = config;
        this.export = export;
        this.models = models;
    }

    /** One page of the worklist (see {@link WorklistQuery} for the parameters), and the models to filter by. */
    public String worklist(Exchange exchange) {
        WorklistQuery query = new WorklistQuery(queryParameters(exchange));
        return ApiJson.write(database.fromTransaction(session -> {
            Map<String, Object> page = query.run(session);
            page.put(
                    "models",
                    session.createSelectionQuery(
                                    "select distinct modelId from JobRecord order by modelId", String.class)
                            .getResultList());
            return page;
        }));
    }

    /** Everything about one job: its study, findings, pictures, deliveries and the versions it belongs to. */
    public String detail(@Header("id") String id) throws IOException {
        long jobId = jobId(id);
        record Loaded(
                JobRecord job,
                StudyRecord study,
                List<ExportRecord> exports,
                DraftRecord draft,
                List<JobRecord> versions) {}
        Loaded loaded = database.fromTransaction(session -> {
            JobRecord job = session.find(JobRecord.class, jobId);
            if (job == null) {
                return null;
            }
            return new Loaded(
                    job,
                    session.find(StudyRecord.class, job.studyInstanceUid),
                    NodeApi.exports(session, jobId),
                    DraftRecord.ofJob(session, jobId),
                    session.createSelectionQuery(
                                    "from JobRecord where studyInstanceUid = :s and modelId = :m and ruleName = :r"
                                            + " order by version, id",
                                    JobRecord.class)
                            .setParameter("s", job.studyInstanceUid)
                            .setParameter("m", job.modelId)
                            .setParameter("r", job.ruleName)
                            .getResultList());
        });
        if (loaded == null) {
            throw new ApiRefusal(404, "no job " + jobId);
        }
        JobRecord job = loaded.job();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("job", JobView.of(job, loaded.exports(), loaded.draft()));
        detail.put("study", WorklistQuery.row(loaded.study(), job));
        detail.put(
                "versions", loaded.versions().stream().map(WorklistApi::version).toList());
        JobPictures pictures = pictures(job);
        detail.put("resultsAvailable", pictures != null);
        detail.put("findings", pictures == null ? List.of() : pictures.findings());
        detail.put("secondaryCaptures", pictures == null ? 0 : pictures.frames().size());
        detail.put("keySlices", pictures == null ? 0 : pictures.keySlices().size());
        return ApiJson.write(detail);
    }

    /** A picture of a job's results as PNG: {@code sc} (Secondary Capture frame) or {@code key} (key slice), 1-based. */
    public byte[] image(
            @Header("id") String id, @Header("kind") String kind, @Header("index") String index, Exchange exchange)
            throws IOException {
        long jobId = jobId(id);
        JobRecord job = database.fromTransaction(session -> session.find(JobRecord.class, jobId));
        JobPictures pictures = job == null ? null : pictures(job);
        if (pictures == null) {
            throw new ApiRefusal(404, "no results of job " + jobId);
        }
        int n = WorklistQuery.number(Map.of("index", index), "index", 0, 1, Integer.MAX_VALUE) - 1;
        byte[] png;
        if ("sc".equals(kind) && n < pictures.frames().size()) {
            png = pictures.frames().get(n).png();
        } else if ("key".equals(kind) && n < pictures.keySlices().size()) {
            png = ResultImages.sourcePng(pictures.keySlices().get(n));
        } else {
            throw new ApiRefusal(404, "job " + jobId + " has no picture " + kind + "/" + index);
        }
        ApiResponseHeaders.answerAs(exchange, "image/png");
        return png;
    }

    /** Each configured destination: where it is, its circuit breaker, its last delivery, what waits for it. */
    public String destinations() {
        record Tally(long pending, long deadLetters, Instant lastSentAt) {}
        Map<String, Tally> tallies = new HashMap<>();
        database.inTransaction(session -> session.createSelectionQuery(
                        "select destination, state, count(*), max(sentAt) from ExportRecord group by destination, state",
                        Object[].class)
                .getResultList()
                .forEach(r -> {
                    Tally t = tallies.getOrDefault((String) r[0], new Tally(0, 0, null));
                    long n = (Long) r[2];
                    tallies.put(
                            (String) r[0],
                            switch ((ExportRecord.State) r[1]) {
                                case PENDING -> new Tally(n, t.deadLetters(), t.lastSentAt());
                                case DEAD_LETTER -> new Tally(t.pending(), n, t.lastSentAt());
                                case SENT -> new Tally(t.pending(), t.deadLetters(), (Instant) r[3]);
                            });
                }));
        return ApiJson.write(config.destinations().stream()
                .map(d -> {
                    Tally t = tallies.getOrDefault(d.name(), new Tally(0, 0, null));
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", d.name());
                    m.put("aeTitle", d.applicationEntity().aeTitle());
                    m.put("host", d.applicationEntity().host());
                    m.put("port", d.applicationEntity().port());
                    m.put("objects", d.objects().stream().sorted().toList());
                    m.put("storageCommitment", d.storageCommitment());
                    m.put("circuit", export.circuitState(d.name()));
                    m.put("lastSentAt", t.lastSentAt());
                    m.put("pending", t.pending());
                    m.put("deadLetters", t.deadLetters());
                    return m;
                })
                .toList());
    }

    /** The models this node runs, each with its engine and why, and the machine's engines report. */
    public String models() {
        return ApiJson.write(Map.of("models", models.running(), "engines", models.engineReport()));
    }

    /** A job's findings and pictures, or null when it has none to show (not yet, or removed by retention). */
    private JobPictures pictures(JobRecord job) throws IOException {
        if (job.resultDirectory == null || job.resultsPurgedAt != null) {
            return null;
        }
        ResultImages results = new ResultImages(Path.of(job.resultDirectory));
        return JobPictures.of(
                results,
                uids -> database.fromTransaction(session -> session.createSelectionQuery(
                                "from InstanceRecord where sopInstanceUid in :uids and conflict = false",
                                InstanceRecord.class)
                        .setParameter("uids", uids)
                        .getResultList()));
    }

    private static Map<String, Object> version(JobRecord j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", j.id);
        m.put("version", j.version);
        m.put("state", j.state.name());
        m.put("supersedesJobId", j.supersedesJobId);
        m.put("createdAt", j.createdAt);
        m.put("doneAt", j.doneAt);
        return m;
    }

    private static long jobId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new ApiRefusal(400, "job id must be a number: " + id);
        }
    }

    /** The query string's parameters, first value of each, read from the request itself (not Camel's headers). */
    private static Map<String, String> queryParameters(Exchange exchange) {
        MultiMap params = VertxExchange.of(exchange).request().params();
        Map<String, String> first = new HashMap<>();
        params.names().forEach(name -> first.put(name, params.get(name)));
        return first;
    }
}
