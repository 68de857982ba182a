package org.aiworklist.routes.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.dicom.AssociationFailure;
import org.aiworklist.dicom.SopReference;
import org.aiworklist.dicom.StorageCommitmentListener;
import org.aiworklist.dicom.StorageCommitmentReport;
import org.aiworklist.dicom.StorageCommitmentScu;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.config.NodeConfiguration.Destination;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.ExportRecord;
import org.aiworklist.routes.persistence.ReasonText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage Commitment of delivered results (PS3.4 J.3), for destinations configured for it: asks the archive to
 * commit to what it was sent, records its report whichever association brings it, and when there is no report
 * in time asks again under a new Transaction UID; failures it reports are resent, and after the configured
 * number of retries (or at once, for failures resending cannot fix) the delivery is a dead letter.
 */
public final class StorageCommitments implements StorageCommitmentListener {
    private static final Logger log = LoggerFactory.getLogger(StorageCommitments.class);
    /** Archives that report on the requesting association do so at once; the others open an association later. */
    private static final Duration SAME_ASSOCIATION_WAIT = Duration.ofSeconds(3);

    private final Database database;
    private final NodeConfiguration config;
    private final Clock clock;
    private final StorageCommitmentScu scu;
    private final RetrySchedule retries;
    private final JobStates jobStates;

    public StorageCommitments(Database database, NodeConfiguration config, Clock clock) {
        this.database = database;
        this.config = config;
        this.clock = clock;
        this.scu = new StorageCommitmentScu(
                config.device().aeTitle(), config.device().uidRoot(), this);
        this.retries = new RetrySchedule(config.export(), RandomGenerator.getDefault());
        this.jobStates = new JobStates(database, clock);
    }

    /** Puts a sent export in REQUESTED under a fresh Transaction UID, inside the transaction that records it sent. */
    void expect(ExportRecord e) {
        Instant now = clock.instant();
        e.commitment = ExportRecord.Commitment.REQUESTED;
        e.commitmentTransactionUid = scu.newTransactionUid();
        e.commitmentRequestedAt = now;
        // the timeout runs from the end of the wait on the requesting association
        e.commitmentDueAt =
                now.plus(SAME_ASSOCIATION_WAIT).plusSeconds(config.export().storageCommitmentTimeoutSeconds());
        e.committedAt = null;
    }

    /** Sends the export's outstanding request for the files that were sent. */
    void request(ExportRecord export, Destination destination, List<Path> files) {
        String transaction =
                database.fromTransaction(s -> s.find(ExportRecord.class, export.id).commitmentTransactionUid);
        try {
            List<SopReference> sops = new ArrayList<>();
            for (Path f : files) {
                sops.add(SopReference.of(f));
            }
            log.info(
                    "job {} -> {}: requesting Storage Commitment {} of {} objects",
                    export.jobId,
                    destination.name(),
                    PhiSafe.hash(transaction),
                    sops.size());
            scu.request(destination.applicationEntity(), transaction, sops, SAME_ASSOCIATION_WAIT);
        } catch (AssociationFailure f) {
            notTaken(export, destination, transaction, f.getMessage(), f.isRetryable());
        } catch (IOException e) {
            notTaken(export, destination, transaction, "result files unreadable: " + e.getMessage(), false);
        }
    }

    /**
     * A request whose report is overdue, or that the archive did not take: ask again, or give up (the caller
     * then updates the job).
     */
    void overdue(ExportRecord export, Destination destination, List<Path> files) {
        boolean askAgain = database.fromTransaction(s -> {
            ExportRecord e = s.find(ExportRecord.class, export.id);
            Instant now = clock.instant();
            if (e.commitment != ExportRecord.Commitment.REQUESTED || e.commitmentDueAt.isAfter(now)) {
                return false;
            }
            if (e.commitmentTransactionUid != null) {
                if (++e.commitmentRetries > config.export().storageCommitmentRetries()) {
                    giveUp(
                            e,
                            "no Storage Commitment report within "
                                    + config.export().storageCommitmentTimeoutSeconds() + " s, asked "
                                    + e.commitmentRetries + " times");
                    return false;
                }
                log.warn("job {} -> {}: no Storage Commitment report in time, asking again", e.jobId, e.destination);
            } else if (retries.givenUp(e.sentAt, now)) {
                giveUp(e, "gave up after " + config.export().giveUpAfterHours() + " h: " + e.lastError);
                return false;
            }
            expect(e);
            return true;
        });
        if (askAgain) {
            request(export, destination, files);
        }
    }

    /** A report, from the association that asked or one the archive opened: COMMITTED, resend, or dead letter. */
    @Override
    public void reportReceived(StorageCommitmentReport report) {
        String transaction = PhiSafe.hash(report.transactionUid());
        Long jobId = database.fromTransaction(s -> {
            ExportRecord e = s.createSelectionQuery(
                            "from ExportRecord where commitmentTransactionUid = :t", ExportRecord.class)
                    .setParameter("t", report.transactionUid())
                    .uniqueResult();
            if (e == null || e.commitment != ExportRecord.Commitment.REQUESTED) {
                log.warn(
                        "Storage Commitment report {} from {} answers no outstanding request: ignored",
                        transaction,
                        report.remoteAeTitle());
                return null;
            }
            String archive = config.destination(e.destination)
                    .map(d -> d.applicationEntity().aeTitle())
                    .orElse(null);
            if (!report.remoteAeTitle().equals(archive)) {
                log.warn(
                        "Storage Commitment report {} came from {}, not from {}: ignored",
                        transaction,
                        report.remoteAeTitle(),
                        archive);
                return null;
            }
            Instant now = clock.instant();
            if (report.allCommitted()) {
                e.commitment = ExportRecord.Commitment.COMMITTED;
                e.committedAt = now;
                e.commitmentFailures = null;
                log.info(
                        "job {} -> {}: {} objects committed",
                        e.jobId,
                        e.destination,
                        report.committed().size());
                return e.jobId;
            }
            e.commitmentFailures = ReasonText.fit(describe(report.failed()));
            boolean permanent = report.failed().stream().anyMatch(StorageCommitmentReport.Failure::isPermanent);
            if (permanent || ++e.commitmentRetries > config.export().storageCommitmentRetries()) {
                giveUp(e, "Storage Commitment failed: " + e.commitmentFailures);
            } else {
                // resend; the delivery then asks for commitment again under a new Transaction UID
                e.state = ExportRecord.State.PENDING;
                e.nextAttemptAt = now;
                e.commitment = null;
                e.commitmentTransactionUid = null;
                e.lastError = ReasonText.fit("not committed, resending: " + e.commitmentFailures);
                log.warn(
                        "job {} -> {}: {} objects not committed, resending",
                        e.jobId,
                        e.destination,
                        report.failed().size());
            }
            return e.jobId;
        });
        if (jobId != null) {
            jobStates.update(jobId);
        }
    }

    /** The archive did not take the request: ask again after the longest retry interval, or give up at once. */
    private void notTaken(
            ExportRecord export, Destination destination, String transaction, String reason, boolean retryable) {
        database.inTransaction(s -> {
            ExportRecord e = s.find(ExportRecord.class, export.id);
            if (e.commitment != ExportRecord.Commitment.REQUESTED || !transaction.equals(e.commitmentTransactionUid)) {
                return; // settled meanwhile
            }
            if (!retryable) {
                giveUp(e, "Storage Commitment request refused: " + reason);
                return;
            }
            e.commitmentTransactionUid = null;
            e.commitmentDueAt = clock.instant().plusSeconds(config.export().maxRetrySeconds());
            e.lastError = ReasonText.fit("Storage Commitment request failed: " + reason);
        });
        log.info("job {} -> {}: Storage Commitment request failed ({})", export.jobId, destination.name(), reason);
    }

    private static void giveUp(ExportRecord e, String reason) {
        e.commitment = ExportRecord.Commitment.FAILED;
        e.state = ExportRecord.State.DEAD_LETTER;
        e.lastError = ReasonText.fit(reason);
        log.warn("job {} -> {}: dead letter, {}", e.jobId, e.destination, e.lastError);
    }

    /** "0112 no such object instance: 2 objects; ..." (no UIDs: they identify the patient's study). */
    private static String describe(List<StorageCommitmentReport.Failure> failures) {
        Map<String, Integer> counts = new TreeMap<>();
        failures.forEach(f -> counts.merge(String.format("%04X %s", f.reason(), f.meaning()), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((reason, n) -> parts.add(reason + ": " + n + (n == 1 ? " object" : " objects")));
        return String.join("; ", parts);
    }
}
