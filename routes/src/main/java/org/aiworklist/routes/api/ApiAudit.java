package org.aiworklist.routes.api;

import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aiworklist.common.audit.AuditEvent;
import org.aiworklist.common.audit.AuditTrail;
import org.aiworklist.routes.audit.AuditedStudies;
import org.aiworklist.routes.persistence.Database;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Audits an API call that was answered (not refused): reads that return patient data (lists as queries, one job's
 * or study's data as an access to that study) and operator actions. Runs after the call's bean, before its answer.
 */
public final class ApiAudit implements Processor {
    /** What a call does, as the audit trail records it. */
    private enum Kind {
        QUERY,
        STUDY_READ,
        JOB_READ,
        RESEND,
        RESEND_FAILED,
        COMPLETE
    }

    /** The audited calls, by the bean method that answers them (see ApiRoutes). */
    private static final Map<String, Kind> CALLS = Map.ofEntries(
            Map.entry("jobs", Kind.QUERY),
            Map.entry("worklist", Kind.QUERY),
            Map.entry("quarantine", Kind.QUERY),
            Map.entry("study", Kind.STUDY_READ),
            Map.entry("job", Kind.JOB_READ),
            Map.entry("detail", Kind.JOB_READ),
            Map.entry("image", Kind.JOB_READ),
            Map.entry("resend", Kind.RESEND),
            Map.entry("resendFailed", Kind.RESEND_FAILED),
            Map.entry("complete", Kind.COMPLETE));

    private final Kind kind;
    private final AuditTrail audit;
    private final Database database;

    private ApiAudit(Kind kind, AuditTrail audit, Database database) {
        this.kind = kind;
        this.audit = audit;
        this.database = database;
    }

    /** The processor auditing the call answered by {@code method}; empty for calls without patient data. */
    public static Optional<Processor> forCall(String method, AuditTrail audit, Database database) {
        return Optional.ofNullable(CALLS.get(method)).map(kind -> new ApiAudit(kind, audit, database));
    }

    @Override
    public void process(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status != null && status >= 300) {
            return; // refused (bad id, no such job or study): nothing was read or done
        }
        AuditEvent.Peer user = exchange.getProperty(ApiRequestGuard.USER, AuditEvent.Peer.class);
        HttpServerRequest request = VertxExchange.of(exchange).request();
        Instant now = Instant.now();
        switch (kind) {
            case QUERY -> {
                String query = request.query();
                String resource = request.path() + (query == null ? "" : "?" + query);
                audit.record(new AuditEvent.PatientDataRead(now, user, resource, List.of(), true));
            }
            case STUDY_READ, COMPLETE -> {
                String uid = exchange.getIn().getHeader("studyInstanceUid", String.class);
                AuditEvent.Study study =
                        database.fromTransaction(session -> AuditedStudies.study(session, uid, Map.of()));
                audit.record(
                        kind == Kind.COMPLETE
                                ? new AuditEvent.OperatorAction(now, user, "COMPLETE", uid, List.of(study))
                                : new AuditEvent.PatientDataRead(now, user, request.path(), List.of(study), false));
            }
            case JOB_READ, RESEND -> {
                long jobId = Long.parseLong(exchange.getIn().getHeader("id", String.class));
                AuditEvent.Study study = database.fromTransaction(session -> AuditedStudies.ofJob(session, jobId));
                List<AuditEvent.Study> studies = study == null ? List.of() : List.of(study);
                audit.record(
                        kind == Kind.RESEND
                                ? new AuditEvent.OperatorAction(now, user, "RESEND", "job " + jobId, studies)
                                : new AuditEvent.PatientDataRead(now, user, request.path(), studies, false));
            }
            case RESEND_FAILED -> {
                String destination = exchange.getIn().getHeader("name", String.class);
                audit.record(new AuditEvent.OperatorAction(now, user, "RESEND-FAILED", destination, List.of()));
            }
        }
    }
}
