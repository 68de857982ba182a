package org.aiworklist.routes.jobs;

import java.time.Clock;
import java.util.List;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.ExportRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's state from its exports: DONE when every destination has the results and, where Storage Commitment is
 * asked, has committed to them; DEAD_LETTER when one never will without an operator; SENDING otherwise.
 */
final class JobStates {
    private static final Logger log = LoggerFactory.getLogger(JobStates.class);
    /**
     * Export threads and Storage Commitment reports (network threads) update the same job: one at a time, so
     * the later update always sees the earlier one's commit and a stale SENDING never overwrites DONE.
     */
    private static final Object LOCK = new Object();

    private final Database database;
    private final Clock clock;

    JobStates(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    void update(long jobId) {
        synchronized (LOCK) {
            database.inTransaction(session -> {
                JobRecord job = session.find(JobRecord.class, jobId);
                JobRecord.State before = job.state;
                List<ExportRecord> exports = session.createSelectionQuery(
                                "from ExportRecord where jobId = :j", ExportRecord.class)
                        .setParameter("j", jobId)
                        .getResultList();
                if (exports.stream().anyMatch(e -> e.state == ExportRecord.State.PENDING)) {
                    job.state = JobRecord.State.SENDING;
                } else if (exports.stream().anyMatch(e -> e.state == ExportRecord.State.DEAD_LETTER)) {
                    job.state = JobRecord.State.DEAD_LETTER;
                } else if (exports.stream().anyMatch(e -> e.commitment == ExportRecord.Commitment.REQUESTED)) {
                    job.state = JobRecord.State.SENDING; // sent, waiting for the archive to commit
                } else if (job.state != JobRecord.State.SUPERSEDED && job.state != JobRecord.State.DONE) {
                    job.state = JobRecord.State.DONE;
                    job.doneAt = clock.instant();
                    job.error = null;
                }
                if (job.state != before
                        && (job.state == JobRecord.State.DONE || job.state == JobRecord.State.DEAD_LETTER)) {
                    log.info("job {} of study {}: {}", jobId, PhiSafe.hash(job.studyInstanceUid), job.state);
                }
            });
        }
    }
}
