package org.aiworklist.routes.jobs;

import java.time.Clock;
import java.util.List;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.JobRecord;
import org.apache.camel.Body;

/**
 * The job table's side of the broker hand-off between an ingest node and the inference workers. The job row stays
 * the truth: a job is put on the broker's queue until its send is recorded (so one created while the broker was
 * unreachable goes once it is back), and a worker runs only a job that has no results yet (so a message sent or
 * delivered twice runs nothing twice).
 */
public final class JobDispatch {
    /** Jobs sent per run of the dispatch timer; the rest wait for the next run. */
    private static final int BATCH = 100;

    private final Database database;
    private final Clock clock;

    public JobDispatch(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Queued jobs not yet on the broker, oldest first. */
    public List<Long> undispatched() {
        return database.fromTransaction(session -> session.createSelectionQuery(
                        "select id from JobRecord where state = :s and dispatchedAt is null order by id", Long.class)
                .setParameter("s", JobRecord.State.QUEUED)
                .setMaxResults(BATCH)
                .getResultList());
    }

    /** The broker has the job (its send returned): it is not sent again. */
    public void dispatched(@Body long jobId) {
        database.inTransaction(session -> session.createMutationQuery(
                        "update JobRecord set dispatchedAt = :now where id = :id and dispatchedAt is null")
                .setParameter("now", clock.instant())
                .setParameter("id", jobId)
                .executeUpdate());
    }

    /**
     * Whether the job still needs its model run: queued, or in inference on a worker that is gone (its message came
     * back from the broker). A job with results, or finished, is not run again.
     */
    public boolean awaitsInference(@Body long jobId) {
        JobRecord.State state = database.fromTransaction(session -> session.createSelectionQuery(
                        "select state from JobRecord where id = :id", JobRecord.State.class)
                .setParameter("id", jobId)
                .getSingleResultOrNull());
        return state == JobRecord.State.QUEUED || state == JobRecord.State.INFERRING;
    }
}
