package org.aiworklist.routes.jobs;

import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.aiworklist.common.ImageSlice;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.dicom.DicomSliceReader;
import org.aiworklist.inference.volume.VolumeException;
import org.aiworklist.routes.app.InstalledModels;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.JobRecord;
import org.apache.camel.Body;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Takes the most urgent queued job and runs its model on the series its rule selected, decoding one slice at a time
 * from the spool.
 */
public final class InferenceStage {
    private static final Logger log = LoggerFactory.getLogger(InferenceStage.class);
    /** Queued jobs looked at per claim: another node may take the first ones meanwhile. */
    private static final int CLAIM_CANDIDATES = 5;

    private final Database database;
    private final NodeConfiguration config;
    private final InstalledModels models;
    private final Clock clock;

    public InferenceStage(Database database, NodeConfiguration config, InstalledModels models, Clock clock) {
        this.database = database;
        this.config = config;
        this.models = models;
        this.clock = clock;
    }

    /**
     * Takes the most urgent queued job for inference (the most urgent priority, triage classifiers first within one,
     * then the oldest) and marks it INFERRING; null when no job waits. The order is the database's, so it survives a
     * restart; the row is locked while it is taken, so of several nodes on one database one takes each job.
     */
    public Long claimNext() {
        return database.fromTransaction(session -> {
            List<Long> candidates = session.createSelectionQuery(
                            "select id from JobRecord where state = :queued" + JobRecord.MOST_URGENT_FIRST, Long.class)
                    .setParameter("queued", JobRecord.State.QUEUED)
                    .setMaxResults(CLAIM_CANDIDATES)
                    .getResultList();
            for (Long id : candidates) {
                if (take(session, id, Set.of(JobRecord.State.QUEUED))) {
                    return id;
                }
            }
            return null;
        });
    }

    /**
     * Takes the job a broker message names (distributed mode), under the same row lock as {@link #claimNext}: a
     * queued job, or one a dead worker left INFERRING (the broker gave its message back); null when the job has
     * results already or is gone, so a message delivered twice runs nothing twice.
     */
    public Long claim(@Body long jobId) {
        return database.fromTransaction(session ->
                take(session, jobId, Set.of(JobRecord.State.QUEUED, JobRecord.State.INFERRING)) ? jobId : null);
    }

    /**
     * Marks the job INFERRING if it is in one of {@code takeable}. A row lock, not a bulk update: the change goes
     * through the entity, so the page's events and the metrics see it; of several nodes on one database, the one
     * holding the lock takes the job.
     */
    private boolean take(Session session, long jobId, Set<JobRecord.State> takeable) {
        JobRecord job = session.find(JobRecord.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null || !takeable.contains(job.state)) {
            return false;
        }
        job.state = JobRecord.State.INFERRING;
        job.inferenceStartedAt = clock.instant();
        return true;
    }

    /** Whether any job waits for inference: the wake-up timer's question. */
    public boolean anyQueued() {
        return database.fromTransaction(
                session -> !session.createSelectionQuery("select id from JobRecord where state = :queued", Long.class)
                        .setParameter("queued", JobRecord.State.QUEUED)
                        .setMaxResults(1)
                        .getResultList()
                        .isEmpty());
    }

    public JobResult infer(long jobId) throws VolumeException {
        try (MDC.MDCCloseable job = JobMdc.of(jobId)) {
            return runModel(jobId);
        }
    }

    private JobResult runModel(long jobId) throws VolumeException {
        record Work(JobRecord job, List<Path> files) {}
        Work work = database.fromTransaction(session -> {
            JobRecord job = session.find(JobRecord.class, jobId);
            job.state = JobRecord.State.INFERRING;
            job.inferenceStartedAt = clock.instant();
            job.inferredBy = config.device().name();
            job.error = null;
            return new Work(
                    job,
                    JobInputs.of(session, job, config).stream()
                            .map(i -> Path.of(i.path))
                            .toList());
        });
        log.info(
                "job {} of study {}: {} on {} images",
                jobId,
                PhiSafe.hash(work.job().studyInstanceUid),
                work.job().modelId,
                work.files().size());
        InferenceResult result = models.infer(work.job().modelId, decoded(work.files()));
        log.info(
                "job {}: {} findings, {} segments{}",
                jobId,
                result.findings().size(),
                result.segmentation().map(s -> s.segments().size()).orElse(0),
                result.classification()
                        .map(c -> ", " + c.present().size() + " of "
                                + c.verdicts().size() + " labels present")
                        .orElse(""));
        return new JobResult(jobId, result);
    }

    /** Decodes lazily, so the series' pixels are held once: in the model's volume, not also as slices. */
    private static Iterable<ImageSlice> decoded(List<Path> files) {
        return () -> new Iterator<>() {
            private final Iterator<Path> next = files.iterator();

            @Override
            public boolean hasNext() {
                return next.hasNext();
            }

            @Override
            public ImageSlice next() {
                Path file = next.next();
                try {
                    return DicomSliceReader.read(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot decode " + file.getFileName(), e);
                }
            }
        };
    }
}
