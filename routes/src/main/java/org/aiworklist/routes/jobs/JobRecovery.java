package org.aiworklist.routes.jobs;

import java.util.List;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.JobRecord;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On start-up, puts every unfinished job back on the stage where it stopped: jobs that were queued or in
 * inference run again (inference is deterministic, outputs have job-derived UIDs), a generative model's go back to
 * their pending draft; exports and drafts this node had queued or was working on are released, so their timers pick
 * them up again when due. Nothing in flight is ever deleted.
 */
public final class JobRecovery {
    private static final Logger log = LoggerFactory.getLogger(JobRecovery.class);
    private final Database database;
    private final ExportStage export;
    private final DraftStage drafts;

    public JobRecovery(Database database, ExportStage export, DraftStage drafts) {
        this.database = database;
        this.export = export;
        this.drafts = drafts;
    }

    /** Before the routes start: the export and draft claims held when the node stopped are void. */
    public void releaseClaims() {
        export.releaseClaims();
        drafts.releaseClaims();
    }

    /**
     * Once the routes run: jobs without results go to inference again (those interrupted in it back to QUEUED); the
     * inference stage takes them in the database's order of urgency.
     */
    public void resume(ProducerTemplate producer) {
        // Through the entities, not a bulk update, so the page's events and the job metrics see each change.
        database.inTransaction(
                session -> session.createSelectionQuery("from JobRecord where state = :inferring", JobRecord.class)
                        .setParameter("inferring", JobRecord.State.INFERRING)
                        .getResultList()
                        .forEach(job -> job.state = JobRecord.State.QUEUED));
        List<JobRecord> unfinished = database.fromTransaction(session -> session.createSelectionQuery(
                        "from JobRecord where state in (:states) order by id", JobRecord.class)
                .setParameter(
                        "states",
                        List.of(
                                JobRecord.State.QUEUED,
                                JobRecord.State.INFERRING,
                                JobRecord.State.RESULTS_READY,
                                JobRecord.State.SENDING))
                .getResultList());
        int inference = 0;
        for (JobRecord job : unfinished) {
            if (job.state == JobRecord.State.QUEUED || job.state == JobRecord.State.INFERRING) {
                producer.sendBody("seda:inference", job.id);
                inference++;
            }
        }
        if (!unfinished.isEmpty()) {
            log.info(
                    "resumed {} unfinished jobs: {} to inference, {} delivering",
                    unfinished.size(),
                    inference,
                    unfinished.size() - inference);
        }
    }
}
