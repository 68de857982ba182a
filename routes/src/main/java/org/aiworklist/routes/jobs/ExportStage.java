package org.aiworklist.routes.jobs;

import org.aiworklist.dicom.AssociationFailure;
import org.aiworklist.dicom.FileOutcome;
import org.aiworklist.dicom.SendReport;
import org.aiworklist.dicom.StorageScu;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.config.NodeConfiguration.Destination;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.ExportRecord;
import org.aiworklist.routes.persistence.ReasonText;
import org.aiworklist.routes.persistence.JobRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Sends a job's results to each of its destinations and records the outcome durably: sent, retry later
 * (A7xx, association refused, aborted or timed out) or dead letter (permanent refusal, with the DICOM status
 * and its meaning). A destination that just failed is skipped until its retry time (circuit breaker). Where a
 * destination is asked for Storage Commitment, a delivery counts once the destination has committed to it.
 */
public final class ExportStage {
    private static final Logger log = LoggerFactory.getLogger(ExportStage.class);
    private final Database database;
    private final NodeConfiguration config;
    private final StorageScu scu;
    private final StorageCommitments commitments;
    private final Clock clock;
    private final RetrySchedule retries;
    private final JobStates jobStates;
    private final Map<String, Instant> openCircuits = new ConcurrentHashMap<>();

    public ExportStage(Database database, NodeConfiguration config, StorageScu scu, StorageCommitments commitments,
                       Clock clock) {
        this.database = database;
        this.config = config;
        this.scu = scu;
        this.commitments = commitments;
        this.clock = clock;
        this.retries = new RetrySchedule(config.export(), RandomGenerator.getDefault());
        this.jobStates = new JobStates(database, clock);
    }

    /** Delivers every export of the job that is due now, and asks again for overdue Storage Commitments. */
    public void deliver(long jobId) {
        record Work(Path resultDirectory, List<ExportRecord> pending, List<ExportRecord> overdue) {
        }
        Instant now = clock.instant();
        Work work = database.fromTransaction(session -> {
            JobRecord job = session.find(JobRecord.class, jobId);
            if (job.state == JobRecord.State.RESULTS_READY) {
                job.state = JobRecord.State.SENDING;
                job.sendingAt = now;
            }
            List<ExportRecord> exports = session.createSelectionQuery("from ExportRecord where jobId = :j",
                    ExportRecord.class).setParameter("j", jobId).getResultList();
            return new Work(Path.of(job.resultDirectory),
                    exports.stream().filter(e -> e.state == ExportRecord.State.PENDING).toList(),
                    exports.stream().filter(e -> e.commitment == ExportRecord.Commitment.REQUESTED
                            && !e.commitmentDueAt.isAfter(now)).toList());
        });
        for (ExportRecord export : work.pending()) {
            if (isDue(export)) {
                configured(export).ifPresent(destination -> attempt(export, destination, work.resultDirectory()));
            }
        }
        for (ExportRecord export : work.overdue()) {
            configured(export).ifPresent(destination -> {
                try {
                    commitments.overdue(export, destination,
                            ResultLayout.filesFor(work.resultDirectory(), destination.secondaryCapture()));
                } catch (IOException e) {
                    record(export.id, ExportRecord.State.DEAD_LETTER, "result files unreadable: " + e.getMessage());
                }
            });
        }
        jobStates.update(jobId);
    }

    /** The export's destination, or a dead letter when the configuration no longer names it. */
    private Optional<Destination> configured(ExportRecord export) {
        Optional<Destination> destination = config.destination(export.destination);
        if (destination.isEmpty()) {
            record(export.id, ExportRecord.State.DEAD_LETTER, "destination '" + export.destination + "' is no longer configured");
        }
        return destination;
    }

    /** Job ids with exports whose retry time, or whose Storage Commitment report's due time, has come. */
    public List<Long> dueJobs() {
        return database.fromTransaction(session -> session.createSelectionQuery(
                        "select distinct jobId from ExportRecord where (state = :s and nextAttemptAt <= :now)"
                                + " or (commitment = :c and commitmentDueAt <= :now)", Long.class)
                .setParameter("s", ExportRecord.State.PENDING).setParameter("c", ExportRecord.Commitment.REQUESTED)
                .setParameter("now", clock.instant()).getResultList());
    }

    /** What an operator resend did: every export of the job queued, or why none was. */
    public record Resend(Outcome outcome, int exportsQueued) {
        public enum Outcome { QUEUED, NO_RESULTS, SUPERSEDED }
    }

    /**
     * Operator resend: every export of the job is due now. A superseded job is left alone: its results were
     * replaced by a later version's, and sending would make it SENDING and then DONE, losing that.
     */
    public Resend requeueJob(long jobId) {
        return database.fromTransaction(session -> {
            JobRecord job = session.find(JobRecord.class, jobId);
            if (job == null || job.resultDirectory == null) {
                return new Resend(Resend.Outcome.NO_RESULTS, 0);
            }
            if (job.state == JobRecord.State.SUPERSEDED) {
                return new Resend(Resend.Outcome.SUPERSEDED, 0);
            }
            List<ExportRecord> exports = session.createSelectionQuery(
                    "from ExportRecord where jobId = :j", ExportRecord.class).setParameter("j", jobId).getResultList();
            exports.forEach(this::requeue);
            job.state = JobRecord.State.SENDING;
            return new Resend(Resend.Outcome.QUEUED, exports.size());
        });
    }

    /** Operator resend of everything a destination refused or never took. */
    public int requeueDeadLetters(String destination) {
        return database.fromTransaction(session -> {
            List<ExportRecord> dead = session.createSelectionQuery(
                            "from ExportRecord where destination = :d and state = :s", ExportRecord.class)
                    .setParameter("d", destination).setParameter("s", ExportRecord.State.DEAD_LETTER).getResultList();
            dead.forEach(this::requeue);
            return dead.size();
        });
    }

    private void requeue(ExportRecord export) {
        export.state = ExportRecord.State.PENDING;
        export.nextAttemptAt = clock.instant();
        export.firstFailureAt = null;
        export.commitment = null;
        export.commitmentTransactionUid = null;
        export.commitmentRetries = 0;
        export.commitmentFailures = null;
        openCircuits.remove(export.destination);
    }

    private boolean isDue(ExportRecord export) {
        Instant now = clock.instant();
        Instant circuitOpenUntil = openCircuits.get(export.destination);
        return !export.nextAttemptAt.isAfter(now) && (circuitOpenUntil == null || !circuitOpenUntil.isAfter(now));
    }

    private void attempt(ExportRecord export, Destination destination, Path resultDirectory) {
        String job = "job " + export.jobId + " -> " + destination.name();
        try {
            List<Path> files = ResultLayout.filesFor(resultDirectory, destination.secondaryCapture());
            SendReport report = scu.send(destination.applicationEntity(), files);
            openCircuits.remove(destination.name());
            List<FileOutcome> refused = report.outcomes().stream().filter(o -> !o.isSuccess() && !o.isWarning()).toList();
            report.outcomes().stream().filter(FileOutcome::isWarning).forEach(o ->
                    log.warn("{}: stored with warning {} ({})", job, hex(o.status()), o.statusMeaning()));
            if (refused.isEmpty()) {
                boolean commit = destination.storageCommitment();
                record(export.id, ExportRecord.State.SENT, null, commit ? commitments::expect : e -> { });
                log.info("{}: {} objects stored", job, report.outcomes().size());
                if (commit) {
                    commitments.request(export, destination, files);
                }
            } else if (refused.stream().allMatch(FileOutcome::isRetryable)) {
                retryLater(export, destination, "peer out of resources: " + describe(refused.get(0)));
            } else {
                FileOutcome first = refused.stream().filter(FileOutcome::isPermanentFailure).findFirst().orElseThrow();
                record(export.id, ExportRecord.State.DEAD_LETTER, "refused: " + describe(first));
                log.warn("{}: dead letter, {}", job, describe(first));
            }
        } catch (AssociationFailure failure) {
            if (failure.isRetryable()) {
                retryLater(export, destination, failure.getMessage());
            } else {
                record(export.id, ExportRecord.State.DEAD_LETTER, failure.getMessage());
                log.warn("{}: dead letter, {}", job, failure.getMessage());
            }
        } catch (IOException e) {
            record(export.id, ExportRecord.State.DEAD_LETTER, "result files unreadable: " + e.getMessage());
        }
    }

    private void retryLater(ExportRecord export, Destination destination, String reason) {
        Instant now = clock.instant();
        database.inTransaction(session -> {
            ExportRecord e = session.find(ExportRecord.class, export.id);
            e.attempts++;
            e.lastError = ReasonText.fit(reason);
            if (e.firstFailureAt == null) {
                e.firstFailureAt = now;
            }
            if (retries.givenUp(e.firstFailureAt, now)) {
                e.state = ExportRecord.State.DEAD_LETTER;
                e.lastError = ReasonText.fit("gave up after " + config.export().giveUpAfterHours() + " h: " + reason);
            } else {
                e.nextAttemptAt = retries.nextAttempt(now, e.attempts);
                openCircuits.put(destination.name(), e.nextAttemptAt);
            }
        });
        log.info("job {} -> {}: will retry ({})", export.jobId, destination.name(), reason);
    }

    private void record(long exportId, ExportRecord.State state, String error) {
        record(exportId, state, error, e -> { });
    }

    /** Records the outcome; {@code also} changes the record in the same transaction (e.g. commitment requested). */
    private void record(long exportId, ExportRecord.State state, String error, Consumer<ExportRecord> also) {
        database.inTransaction(session -> {
            ExportRecord e = session.find(ExportRecord.class, exportId);
            e.state = state;
            e.lastError = ReasonText.fit(error);
            e.attempts++;
            if (state == ExportRecord.State.SENT) {
                e.sentAt = clock.instant();
            }
            also.accept(e);
        });
    }

    private static String describe(FileOutcome outcome) {
        return "status " + hex(outcome.status()) + " " + outcome.statusMeaning();
    }

    private static String hex(int status) {
        return status < 0 ? "none" : String.format("%04X", status);
    }
}
