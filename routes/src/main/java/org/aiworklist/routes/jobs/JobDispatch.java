package org.aiworklist.routes.jobs;

import java.time.Clock;
import java.util.List;
import org.aiworklist.common.Priority;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.JobRecord;
import org.apache.camel.Body;

/**
 * The job table's side of the broker hand-off between an ingest node and the inference workers. The job row stays
 * the truth: a job is put on the broker's queue until its send is recorded (so one created while the broker was
 * unreachable goes once it is back). Jobs go in the order the single box's inference queue takes them
 * (InferenceStage.claimNext), each with a JMS priority from its own, so the broker hands the most urgent waiting job
 * to the next free worker.
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

    /** A job to put on the broker's queue, with the JMS priority (0-9) its priority maps to. */
    public record Pending(long jobId, int jmsPriority) {}

    /** Queued jobs not yet on the broker, most urgent first (priority, triage classifiers, then the oldest). */
    public List<Pending> undispatched() {
        return database.fromTransaction(session -> session
                .createSelectionQuery(
                        "select id, priority from JobRecord where state = :s and dispatchedAt is null"
                                + JobRecord.MOST_URGENT_FIRST,
                        Object[].class)
                .setParameter("s", JobRecord.State.QUEUED)
                .setMaxResults(BATCH)
                .getResultList()
                .stream()
                .map(row -> new Pending((Long) row[0], jmsPriority((Priority) row[1])))
                .toList());
    }

    /** JMS's default priority is 4; Artemis delivers a queue's higher priorities first. */
    static int jmsPriority(Priority priority) {
        return switch (priority) {
            case ROUTINE -> 4;
            case HIGH -> 7;
            case STAT -> 9;
        };
    }

    /** The broker has the job (its send returned): it is not sent again. */
    public void dispatched(@Body long jobId) {
        database.inTransaction(session -> session.createMutationQuery(
                        "update JobRecord set dispatchedAt = :now where id = :id and dispatchedAt is null")
                .setParameter("now", clock.instant())
                .setParameter("id", jobId)
                .executeUpdate());
    }
}
