package org.aiworklist.routes.jobs;

import org.aiworklist.common.PhiSafe;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.ReasonText;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where each route's errors end: the job becomes FAILED with a reason an operator can read. */
public final class JobFailures {
    private static final Logger log = LoggerFactory.getLogger(JobFailures.class);
    private final Database database;

    public JobFailures(Database database) {
        this.database = database;
    }

    public void inferenceFailed(@Header("jobId") Long jobId, Exchange exchange) {
        fail(jobId, "inference failed", exchange);
    }

    public void reportFailed(@Header("jobId") Long jobId, Exchange exchange) {
        fail(jobId, "writing results failed", exchange);
    }

    /** Delivery errors are retried by the export stage itself; an error here is unexpected, so log it loudly. */
    public void exportFailed(@Header("jobId") Long jobId, Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        log.error("job {}: export stage error, will retry on the next timer: {}", jobId, message(cause));
    }

    private void fail(Long jobId, String stage, Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = stage + ": " + message(cause);
        if (jobId == null) {
            log.error("{} before a job was known", reason);
            return;
        }
        database.inTransaction(session -> {
            JobRecord job = session.find(JobRecord.class, jobId);
            job.state = JobRecord.State.FAILED;
            job.error = ReasonText.fit(reason);
            log.warn("job {} of study {} FAILED: {}", jobId, PhiSafe.hash(job.studyInstanceUid), job.error);
        });
    }

    /** Exception class and first message line only: messages from parsers could quote data set content. */
    private static String message(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String m = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
    }
}
