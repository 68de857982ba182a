package org.aiworklist.routes.api;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.aiworklist.routes.assembly.StudyAssembly;
import org.aiworklist.routes.jobs.ExportStage;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.DraftRecord;
import org.aiworklist.routes.persistence.ExportRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.QuarantineRecord;
import org.aiworklist.routes.persistence.SeriesRecord;
import org.aiworklist.routes.persistence.StudyRecord;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.hibernate.Session;

/** The REST API's answers, as JSON text; errors are 4xx with a message. */
public final class NodeApi {
    static final int JOBS_PAGE = 100;
    static final int JOBS_PAGE_MAX = 1000;
    private final Database database;
    private final StudyAssembly assembly;
    private final ExportStage export;

    public NodeApi(Database database, StudyAssembly assembly, ExportStage export) {
        this.database = database;
        this.assembly = assembly;
        this.export = export;
    }

    public String health() {
        database.fromTransaction(
                session -> session.createNativeQuery("select 1", Integer.class).getSingleResult());
        return ApiJson.write(Map.of("status", "UP"));
    }

    /**
     * Jobs in the order they were made, a page at a time: {@code limit} jobs (default {@value #JOBS_PAGE}, at most
     * {@value #JOBS_PAGE_MAX}) after job {@code afterId}. When more follow, the {@code Link} header names the next
     * page (RFC 8288, rel="next").
     */
    public String jobs(Exchange exchange) {
        Map<String, String> query = new HashMap<>();
        VertxExchange.of(exchange).request().params().forEach(query::putIfAbsent);
        long afterId = WorklistQuery.number(query, "afterId", 0, 0, Integer.MAX_VALUE);
        int limit = WorklistQuery.number(query, "limit", JOBS_PAGE, 1, JOBS_PAGE_MAX);
        List<JobView> page = database.fromTransaction(session -> {
            List<JobRecord> jobs = session.createSelectionQuery(
                            "from JobRecord where id > :after order by id", JobRecord.class)
                    .setParameter("after", afterId)
                    .setMaxResults(limit + 1)
                    .getResultList();
            List<Long> ids = jobs.stream().map(j -> j.id).toList();
            // one query each for the page's exports and drafts, not one per job
            Map<Long, List<ExportRecord>> exports = session
                    .createSelectionQuery(
                            "from ExportRecord where jobId in :ids order by destination", ExportRecord.class)
                    .setParameter("ids", ids)
                    .getResultList()
                    .stream()
                    .collect(Collectors.groupingBy(e -> e.jobId));
            Map<Long, DraftRecord> drafts = session
                    .createSelectionQuery("from DraftRecord where jobId in :ids", DraftRecord.class)
                    .setParameter("ids", ids)
                    .getResultList()
                    .stream()
                    .collect(Collectors.toMap(d -> d.jobId, d -> d));
            return jobs.stream()
                    .map(j -> JobView.of(j, exports.getOrDefault(j.id, List.of()), drafts.get(j.id)))
                    .toList();
        });
        if (page.size() > limit) {
            page = page.subList(0, limit);
            VertxExchange.of(exchange)
                    .response()
                    .putHeader(
                            "Link",
                            "</api/jobs?afterId=" + page.get(limit - 1).id() + "&limit=" + limit + ">; rel=\"next\"");
        }
        return ApiJson.write(page);
    }

    public String job(@Header("id") String id, Exchange exchange) {
        Long jobId = parseId(id);
        if (jobId == null) {
            return error(exchange, 400, "job id must be a number: " + id);
        }
        JobView view = database.fromTransaction(session -> {
            JobRecord j = session.find(JobRecord.class, jobId);
            return j == null ? null : JobView.of(j, exports(session, j.id), DraftRecord.ofJob(session, j.id));
        });
        return view == null ? error(exchange, 404, "no job " + jobId) : ApiJson.write(view);
    }

    /** Puts every export of the job back in the queue, due now; the export-retry route delivers it. */
    public String resend(@Header("id") String id, Exchange exchange) {
        Long jobId = parseId(id);
        if (jobId == null) {
            return error(exchange, 400, "job id must be a number: " + id);
        }
        ExportStage.Resend resend = export.requeueJob(jobId);
        return switch (resend.outcome()) {
            case QUEUED -> ApiJson.write(Map.of("jobId", jobId, "exportsQueued", resend.exportsQueued()));
            case NO_RESULTS -> error(exchange, 404, "no job " + jobId + " with results to resend");
            case SUPERSEDED ->
                error(exchange, 409, "job " + jobId + " is superseded by a later version; resend that one");
            case PURGED ->
                error(
                        exchange,
                        409,
                        "the results of job " + jobId + " were removed by retention (storage.retentionDays); "
                                + "send the study again to run it anew");
        };
    }

    /** Re-queues every dead-lettered export of one destination. */
    public String resendFailed(@Header("name") String destination) {
        return ApiJson.write(
                Map.of("destination", destination, "exportsQueued", export.requeueDeadLetters(destination)));
    }

    public String complete(@Header("studyInstanceUid") String studyUid, Exchange exchange) {
        return assembly.forceComplete(studyUid)
                ? ApiJson.write(Map.of("studyInstanceUid", studyUid, "completion", "requested"))
                : error(exchange, 404, "no study " + studyUid);
    }

    /** Where assembly stands for one study, and every instance the node holds for it. */
    public String study(@Header("studyInstanceUid") String studyUid, Exchange exchange) {
        Map<String, Object> view = database.fromTransaction(session -> {
            StudyRecord study = session.find(StudyRecord.class, studyUid);
            if (study == null) {
                return null;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("studyInstanceUid", study.studyInstanceUid);
            m.put("state", study.state.name());
            m.put("completionReason", study.completionReason);
            m.put("instanceCount", study.instanceCount);
            m.put(
                    "series",
                    session
                            .createSelectionQuery("from SeriesRecord where studyInstanceUid = :s", SeriesRecord.class)
                            .setParameter("s", studyUid)
                            .getResultList()
                            .stream()
                            .map(s -> Map.of(
                                    "seriesInstanceUid",
                                    s.seriesInstanceUid,
                                    "modality",
                                    String.valueOf(s.modality),
                                    "instanceCount",
                                    s.instanceCount))
                            .toList());
            m.put(
                    "sopInstanceUids",
                    session.createSelectionQuery(
                                    "select sopInstanceUid from InstanceRecord where studyInstanceUid = :s order by sopInstanceUid",
                                    String.class)
                            .setParameter("s", studyUid)
                            .getResultList());
            return m;
        });
        return view == null ? error(exchange, 404, "no study " + studyUid) : ApiJson.write(view);
    }

    public String quarantine() {
        return ApiJson.write(
                database.fromTransaction(session -> session
                        .createSelectionQuery("from QuarantineRecord order by id", QuarantineRecord.class)
                        .getResultList()
                        .stream()
                        .map(q -> Map.of(
                                "id",
                                q.id,
                                "file",
                                q.path,
                                "reason",
                                q.reason,
                                "callingAeTitle",
                                String.valueOf(q.callingAeTitle),
                                "at",
                                q.quarantinedAt.toString()))
                        .toList()));
    }

    static List<ExportRecord> exports(Session session, long jobId) {
        return session.createSelectionQuery(
                        "from ExportRecord where jobId = :j order by destination", ExportRecord.class)
                .setParameter("j", jobId)
                .getResultList();
    }

    private static Long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String error(Exchange exchange, int status, String message) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        return ApiJson.error(message);
    }
}
