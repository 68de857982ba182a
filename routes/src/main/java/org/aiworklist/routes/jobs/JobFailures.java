package org.aiworklist.routes.jobs;

import java.util.Map;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.ReasonText;
import org.apache.camel.Body;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Where the data-flow routes' errors end (their one error handler): a job that failed in a stage becomes FAILED
 * with a reason an operator can read; an export that failed unexpectedly is tried again later; anything else (a
 * timer's work) is logged and done again on the timer's next run.
 */
public final class JobFailures {
    private static final Logger log = LoggerFactory.getLogger(JobFailures.class);
    /** What failed, by the route it failed in. */
    private static final Map<String, String> STAGES =
            Map.of("inference", "inference failed", "reports", "writing results failed");

    private final Database database;
    private final ExportStage export;
    private final DraftStage drafts;

    public JobFailures(Database database, ExportStage export, DraftStage drafts) {
        this.database = database;
        this.export = export;
        this.drafts = drafts;
    }

    /** A stage failed on a job: the job is FAILED. */
    public void jobFailed(@Header("jobId") long jobId, Exchange exchange) {
        // the route that failed, which on a worker may be the reports route called from the inference route
        String route = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, exchange.getFromRouteId(), String.class);
        String reason = STAGES.getOrDefault(route, route + " failed") + ": " + message(exchange);
        try (MDC.MDCCloseable job = JobMdc.of(jobId)) {
            database.inTransaction(session -> {
                JobRecord j = session.find(JobRecord.class, jobId);
                j.state = JobRecord.State.FAILED;
                j.error = ReasonText.fit(reason);
                log.warn("job {} of study {} FAILED: {}", jobId, PhiSafe.hash(j.studyInstanceUid), j.error);
            });
        }
    }

    /** Delivery errors are retried by the export stage itself; an error here is unexpected, so log it loudly. */
    public void exportFailed(@Body ExportStage.Claim claim, Exchange exchange) {
        try (MDC.MDCCloseable job = JobMdc.of(claim.jobId())) {
            log.error(
                    "job {} -> {}: export stage error, will retry: {}",
                    claim.jobId(),
                    claim.destination(),
                    message(exchange));
            export.failedUnexpectedly(claim, message(exchange));
        }
    }

    /** A draft attempt that failed in a way the stage did not expect: asked again later, loudly logged. */
    public void draftFailed(@Body DraftStage.Claim claim, Exchange exchange) {
        try (MDC.MDCCloseable job = JobMdc.of(claim.jobId())) {
            log.error("job {}: draft stage error, will retry: {}", claim.jobId(), message(exchange));
            drafts.failedUnexpectedly(claim, message(exchange));
        }
    }

    /** A route's work without a job (a timer's): done again on its next run. */
    public void routeFailed(Exchange exchange) {
        log.error("route {} failed, will run again: {}", exchange.getFromRouteId(), message(exchange));
    }

    /** Exception class and first message line only: messages from parsers could quote data set content. */
    private static String message(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (t == null) {
            return "unknown error";
        }
        // Camel wraps what a bean threw; the reason is in the cause
        while (t instanceof CamelExecutionException && t.getCause() != null) {
            t = t.getCause();
        }
        String m =
                t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
    }
}
