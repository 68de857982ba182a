package org.aiworklist.routes.jobs;

import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.JobRecord;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * On start-up, puts every unfinished job back on the stage where it stopped: jobs that were queued or in
 * inference run again (inference is deterministic, outputs have job-derived UIDs), jobs with results
 * resume delivery. Nothing in flight is ever deleted.
 */
public final class JobRecovery {
    private static final Logger log = LoggerFactory.getLogger(JobRecovery.class);
    private final Database database;

    public JobRecovery(Database database) {
        this.database = database;
    }

    public void resume(ProducerTemplate producer) {
        List<JobRecord> unfinished = database.fromTransaction(session -> session.createSelectionQuery(
                        "from JobRecord where state in (:states) order by id", JobRecord.class)
                .setParameter("states", List.of(JobRecord.State.QUEUED, JobRecord.State.INFERRING,
                        JobRecord.State.RESULTS_READY, JobRecord.State.SENDING))
                .getResultList());
        for (JobRecord job : unfinished) {
            boolean hasResults = job.state == JobRecord.State.RESULTS_READY || job.state == JobRecord.State.SENDING;
            producer.sendBody(hasResults ? "seda:export" : "seda:inference", job.id);
        }
        if (!unfinished.isEmpty()) {
            log.info("resumed {} unfinished jobs", unfinished.size());
        }
    }
}
