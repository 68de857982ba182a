package org.aiworklist.routes.jobs;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.aiworklist.dicom.AssociationFailure;
import org.aiworklist.dicom.FileOutcome;
import org.aiworklist.dicom.SendReport;
import org.aiworklist.dicom.StorageScu;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.config.NodeConfiguration.Destination;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.ExportRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.ReasonText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sends a job's results to each of its destinations and records the outcome durably: sent, retry later
 * (A7xx, association refused, aborted or timed out) or dead letter (permanent refusal, with the DICOM status
 * and its meaning). Where a destination is asked for Storage Commitment, a delivery counts once the destination has
 * committed to it.
 * <p>
 * The unit of work is one export (one job to one destination), sent by that destination's own route. An export due
 * for an attempt is claimed in the transaction that picks it up ({@link #claimDue()}, {@link #claimJob(long)}) and
 * released once the attempt's outcome is recorded, so an export that is queued or being sent is never queued again;
 * the claim names this node, which releases the claims it held when it stopped ({@link #releaseClaims()}). The retry
 * schedule (attempts, nextAttemptAt) is in the database and survives restarts. Each destination has a circuit
 * breaker: after {@value #FAILURES_TO_OPEN} attempts in a row found it unavailable, its exports are rescheduled
 * without an attempt until the breaker lets one through again (after a wait growing from the initial to the
 * maximum retry interval).
 */
public final class ExportStage {
    /** Exports of one destination claimed (queued or being sent) at a time, at most: bounds its queue. */
    static final int MAX_CLAIMED_PER_DESTINATION = 100;
    /** Attempts in a row that found a destination unavailable (A7xx, no association) and open its breaker. */
    static final int FAILURES_TO_OPEN = 3;

    private static final Logger log = LoggerFactory.getLogger(ExportStage.class);
    private final Database database;
    private final NodeConfiguration config;
    private final StorageScu scu;
    private final StorageCommitments commitments;
    private final Clock clock;
    private final RetrySchedule retries;
    private final JobStates jobStates;
    private final CircuitBreakerRegistry breakers;
    /** This node in the claims it makes: its device name. */
    private final String node;

    /** One export claimed for an attempt: what a destination's queue carries. */
    public record Claim(long exportId, long jobId, String destination) {}

    public ExportStage(
            Database database, NodeConfiguration config, StorageScu scu, StorageCommitments commitments, Clock clock) {
        this.database = database;
        this.config = config;
        this.scu = scu;
        this.commitments = commitments;
        this.clock = clock;
        this.retries = new RetrySchedule(config.export(), RandomGenerator.getDefault());
        this.jobStates = new JobStates(database, clock);
        this.node = config.device().name();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindow(FAILURES_TO_OPEN, FAILURES_TO_OPEN, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .waitIntervalFunctionInOpenState(IntervalFunction.ofExponentialBackoff(
                        Duration.ofSeconds(config.export().initialRetrySeconds()),
                        2,
                        Duration.ofSeconds(config.export().maxRetrySeconds())))
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
    }

    /** Claims every export that is due: its retry time, or its Storage Commitment report's due time, has come. */
    public List<Claim> claimDue() {
        return claim(null);
    }

    /** Claims the due exports of one job: those of a job whose results were just written. */
    public List<Claim> claimJob(long jobId) {
        return claim(jobId);
    }

    /**
     * Claims due, unclaimed exports (of one job, or all), at most {@link #MAX_CLAIMED_PER_DESTINATION} claimed per
     * destination. Each claim is a conditional update, so of several nodes sharing the database one wins. An export
     * whose destination is no longer configured is a dead letter.
     */
    private List<Claim> claim(Long jobId) {
        Instant now = clock.instant();
        List<Claim> claims = new ArrayList<>();
        Set<Long> deadLetterJobs = new TreeSet<>();
        database.inTransaction(session -> {
            // the most urgent jobs' exports are queued first
            var query = session.createSelectionQuery(
                            "select e from ExportRecord e join JobRecord job on job.id = e.jobId"
                                    + " where e.claimedBy is null and ((e.state = :s and e.nextAttemptAt <= :now)"
                                    + " or (e.commitment = :c and e.commitmentDueAt <= :now))"
                                    + (jobId == null ? "" : " and e.jobId = :j")
                                    + " order by job.priority desc, e.nextAttemptAt, e.id",
                            ExportRecord.class)
                    .setParameter("s", ExportRecord.State.PENDING)
                    .setParameter("c", ExportRecord.Commitment.REQUESTED)
                    .setParameter("now", now);
            if (jobId != null) {
                query.setParameter("j", jobId);
            }
            List<ExportRecord> due = query.getResultList();
            if (due.isEmpty()) {
                return;
            }
            Map<String, Long> claimed = new HashMap<>();
            session.createSelectionQuery(
                            "select destination, count(*) from ExportRecord where claimedBy is not null"
                                    + " group by destination",
                            Object[].class)
                    .getResultList()
                    .forEach(row -> claimed.put((String) row[0], (Long) row[1]));
            for (ExportRecord e : due) {
                if (config.destination(e.destination).isEmpty()) {
                    e.state = ExportRecord.State.DEAD_LETTER;
                    e.lastError = ReasonText.fit("destination '" + e.destination + "' is no longer configured");
                    deadLetterJobs.add(e.jobId);
                    continue;
                }
                if (claimed.getOrDefault(e.destination, 0L) >= MAX_CLAIMED_PER_DESTINATION) {
                    continue;
                }
                int won = session.createMutationQuery("update ExportRecord set claimedBy = :n, claimedAt = :now"
                                + " where id = :id and claimedBy is null")
                        .setParameter("n", node)
                        .setParameter("now", now)
                        .setParameter("id", e.id)
                        .executeUpdate();
                if (won == 1) {
                    claims.add(new Claim(e.id, e.jobId, e.destination));
                    claimed.merge(e.destination, 1L, Long::sum);
                }
            }
        });
        deadLetterJobs.forEach(jobStates::update);
        return claims;
    }

    /** The destination's circuit breaker: CLOSED (sending), OPEN (resting after failures) or HALF_OPEN (trying). */
    public String circuitState(String destination) {
        return breakers.circuitBreaker(destination).getState().name();
    }

    /** On start-up, before anything is queued: the claims this node held when it stopped are void. */
    public void releaseClaims() {
        int released = database.fromTransaction(session -> session.createMutationQuery(
                        "update ExportRecord set claimedBy = null, claimedAt = null where claimedBy = :n")
                .setParameter("n", node)
                .executeUpdate());
        if (released > 0) {
            log.info("released {} export claims held before the restart", released);
        }
    }

    /**
     * One attempt at a claimed export: delivery when it is due, or a new Storage Commitment request when the report
     * is overdue. The claim is released afterwards, whatever happened, and the job's state updated.
     */
    public void deliver(Claim claim) {
        try (MDC.MDCCloseable job = JobMdc.of(claim.jobId())) {
            try {
                attempt(claim);
            } finally {
                release(claim.exportId());
            }
            jobStates.update(claim.jobId());
        }
    }

    /**
     * The route's error handler: an error the attempt did not expect (a bug, the database away). The export is
     * tried again later, backing off as after any failed attempt.
     */
    public void failedUnexpectedly(Claim claim, String reason) {
        Instant now = clock.instant();
        database.inTransaction(session -> {
            ExportRecord e = session.find(ExportRecord.class, claim.exportId());
            if (e != null && e.state == ExportRecord.State.PENDING) {
                e.attempts++;
                e.lastError = ReasonText.fit("export stage error: " + reason);
                e.nextAttemptAt = retries.nextAttempt(now, e.attempts);
            }
        });
        release(claim.exportId());
    }

    private void attempt(Claim claim) {
        record Work(ExportRecord export, Path resultDirectory) {}
        Instant now = clock.instant();
        Work work = database.fromTransaction(session -> {
            ExportRecord export = session.find(ExportRecord.class, claim.exportId());
            JobRecord job = session.find(JobRecord.class, export.jobId);
            if (job.state == JobRecord.State.RESULTS_READY) {
                job.state = JobRecord.State.SENDING;
                job.sendingAt = now;
            }
            return new Work(export, Path.of(job.resultDirectory));
        });
        ExportRecord export = work.export();
        Optional<Destination> configured = config.destination(export.destination);
        if (configured.isEmpty()) {
            record(
                    export.id,
                    ExportRecord.State.DEAD_LETTER,
                    "destination '" + export.destination + "' is no longer configured");
            return;
        }
        Destination destination = configured.get();
        if (export.state == ExportRecord.State.PENDING && !export.nextAttemptAt.isAfter(now)) {
            throughBreaker(export, destination, work.resultDirectory());
        } else if (export.commitment == ExportRecord.Commitment.REQUESTED && !export.commitmentDueAt.isAfter(now)) {
            try {
                commitments.overdue(export, destination, ResultLayout.filesFor(work.resultDirectory(), destination));
            } catch (IOException e) {
                record(export.id, ExportRecord.State.DEAD_LETTER, "result files unreadable: " + e.getMessage());
            }
        }
    }

    /** Sends unless the destination's breaker is open; tells the breaker whether the destination was available. */
    private void throughBreaker(ExportRecord export, Destination destination, Path resultDirectory) {
        CircuitBreaker breaker = breakers.circuitBreaker(destination.name());
        if (!breaker.tryAcquirePermission()) {
            Instant next = retries.nextAttempt(clock.instant(), 1);
            database.inTransaction(session -> session.find(ExportRecord.class, export.id).nextAttemptAt = next);
            log.debug("job {} -> {}: circuit open, not attempted", export.jobId, destination.name());
            return;
        }
        long start = System.nanoTime();
        Optional<String> unavailable = Optional.empty();
        boolean finished = false;
        try {
            unavailable = send(export, destination, resultDirectory);
            finished = true;
        } finally {
            long nanos = System.nanoTime() - start;
            if (!finished) {
                breaker.releasePermission();
            } else if (unavailable.isPresent()) {
                breaker.onError(nanos, TimeUnit.NANOSECONDS, new DestinationUnavailable(unavailable.get()));
            } else {
                breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** A destination found unavailable, as its circuit breaker records it. */
    private static final class DestinationUnavailable extends Exception {
        private static final long serialVersionUID = 1L;

        DestinationUnavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** One delivery; returns why the destination was unavailable, empty when it answered (stored or refused). */
    private Optional<String> send(ExportRecord export, Destination destination, Path resultDirectory) {
        String job = "job " + export.jobId + " -> " + destination.name();
        try {
            List<Path> files = ResultLayout.filesFor(resultDirectory, destination);
            SendReport report = scu.send(destination.applicationEntity(), files);
            List<FileOutcome> refused = report.outcomes().stream()
                    .filter(o -> !o.isSuccess() && !o.isWarning())
                    .toList();
            report.outcomes().stream()
                    .filter(FileOutcome::isWarning)
                    .forEach(o -> log.warn("{}: stored with warning {} ({})", job, hex(o.status()), o.statusMeaning()));
            if (refused.isEmpty()) {
                boolean commit = destination.storageCommitment();
                record(export.id, ExportRecord.State.SENT, null, commit ? commitments::expect : e -> {});
                log.info("{}: {} objects stored", job, report.outcomes().size());
                if (commit) {
                    commitments.request(export, destination, files);
                }
            } else if (refused.stream().allMatch(FileOutcome::isRetryable)) {
                String reason = "peer out of resources: " + describe(refused.get(0));
                retryLater(export, destination, reason);
                return Optional.of(reason);
            } else {
                FileOutcome first = refused.stream()
                        .filter(FileOutcome::isPermanentFailure)
                        .findFirst()
                        .orElseThrow();
                record(export.id, ExportRecord.State.DEAD_LETTER, "refused: " + describe(first));
                log.warn("{}: dead letter, {}", job, describe(first));
            }
        } catch (AssociationFailure failure) {
            if (failure.isRetryable()) {
                retryLater(export, destination, failure.getMessage());
                return Optional.of(failure.getMessage());
            }
            record(export.id, ExportRecord.State.DEAD_LETTER, failure.getMessage());
            log.warn("{}: dead letter, {}", job, failure.getMessage());
        } catch (IOException e) {
            record(export.id, ExportRecord.State.DEAD_LETTER, "result files unreadable: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** What an operator resend did: every export of the job queued, or why none was. */
    public record Resend(Outcome outcome, int exportsQueued) {
        public enum Outcome {
            QUEUED,
            NO_RESULTS,
            SUPERSEDED,
            PURGED
        }
    }

    /**
     * Operator resend: every export of the job is due now. A superseded job is left alone: its results were
     * replaced by a later version's, and sending would make it SENDING and then DONE, losing that. So is a job
     * whose results retention removed: the attempt could only end as a dead letter.
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
            if (job.resultsPurgedAt != null) {
                return new Resend(Resend.Outcome.PURGED, 0);
            }
            List<ExportRecord> exports = session.createSelectionQuery(
                            "from ExportRecord where jobId = :j", ExportRecord.class)
                    .setParameter("j", jobId)
                    .getResultList();
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
                    .setParameter("d", destination)
                    .setParameter("s", ExportRecord.State.DEAD_LETTER)
                    .getResultList();
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
        breakers.circuitBreaker(export.destination).reset(); // the operator says it is back
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
            }
        });
        log.info("job {} -> {}: will retry ({})", export.jobId, destination.name(), reason);
    }

    /** The claim is released: the export may be queued again once it is due. */
    private void release(long exportId) {
        database.inTransaction(session -> session.createMutationQuery(
                        "update ExportRecord set claimedBy = null, claimedAt = null where id = :id and claimedBy = :n")
                .setParameter("id", exportId)
                .setParameter("n", node)
                .executeUpdate());
    }

    private void record(long exportId, ExportRecord.State state, String error) {
        record(exportId, state, error, e -> {});
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
