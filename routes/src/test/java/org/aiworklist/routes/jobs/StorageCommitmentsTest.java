package org.aiworklist.routes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aiworklist.dicom.SopReference;
import org.aiworklist.dicom.StorageCommitmentReport;
import org.aiworklist.dicom.StorageCommitmentReport.Failure;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.ExportRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.TestJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a Storage Commitment report does to the export and its job, on every branch. */
class StorageCommitmentsTest {
    private static final String PACS_AE = "DEMOPACS";
    private static final SopReference SR = new SopReference("1.2.840.10008.5.1.4.1.1.88.34", "2.25.11");
    private static final SopReference SC = new SopReference("1.2.840.10008.5.1.4.1.1.7.4", "2.25.12");
    private final Database database = new Database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final StorageCommitments commitments = new StorageCommitments(
            database,
            ConfigurationLoader.load(
                    Path.of("../conf/aiworklist.yaml"),
                    Map.of(
                            "AIWORKLIST_DESTINATIONS_0_STORAGECOMMITMENT", "true",
                            "AIWORKLIST_EXPORT_STORAGECOMMITMENTRETRIES", "1")),
            Clock.systemUTC());

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void allCommittedMakesTheJobDoneAndAReportFromAnotherAeIsIgnored() {
        long export = sentAwaiting("2.25.100");
        commitments.reportReceived(new StorageCommitmentReport("2.25.100", "INTRUDER", List.of(SR, SC), List.of()));
        assertEquals(ExportRecord.Commitment.REQUESTED, export(export).commitment);

        commitments.reportReceived(new StorageCommitmentReport("2.25.100", PACS_AE, List.of(SR, SC), List.of()));
        assertEquals(ExportRecord.Commitment.COMMITTED, export(export).commitment);
        assertEquals(JobRecord.State.DONE, job(export(export).jobId).state);
    }

    @Test
    void failuresAreResentUntilTheRetriesAreSpentAndPermanentOnesAreADeadLetterAtOnce() {
        long export = sentAwaiting("2.25.200");
        commitments.reportReceived(
                new StorageCommitmentReport("2.25.200", PACS_AE, List.of(SR), List.of(new Failure(SC, 0x0112))));
        ExportRecord resend = export(export);
        assertEquals(ExportRecord.State.PENDING, resend.state);
        assertNull(resend.commitment);
        assertEquals("0112 no such object instance: 1 object", resend.commitmentFailures);
        assertEquals(JobRecord.State.SENDING, job(resend.jobId).state);

        awaitAgain(export, "2.25.201");
        commitments.reportReceived(
                new StorageCommitmentReport("2.25.201", PACS_AE, List.of(SR), List.of(new Failure(SC, 0x0112))));
        assertEquals(ExportRecord.Commitment.FAILED, export(export).commitment, "one retry allowed, spent");
        assertEquals(JobRecord.State.DEAD_LETTER, job(resend.jobId).state);

        long other = sentAwaiting("2.25.300");
        commitments.reportReceived(new StorageCommitmentReport(
                "2.25.300", PACS_AE, List.of(), List.of(new Failure(SR, 0x0122), new Failure(SC, 0x0122))));
        ExportRecord dead = export(other);
        assertEquals(ExportRecord.State.DEAD_LETTER, dead.state);
        assertTrue(dead.lastError.contains("0122 referenced SOP class not supported: 2 objects"), dead.lastError);
    }

    /** A job whose results went to "pacs", with commitment requested under this Transaction UID. */
    private long sentAwaiting(String transactionUid) {
        return database.fromTransaction(s -> {
            JobRecord job = TestJobs.job("2.25.1", transactionUid, JobRecord.State.SENDING);
            s.persist(job);
            ExportRecord e = TestJobs.exportOf(job, "pacs");
            e.state = ExportRecord.State.SENT;
            e.commitment = ExportRecord.Commitment.REQUESTED;
            e.commitmentTransactionUid = transactionUid;
            s.persist(e);
            return e.id;
        });
    }

    private void awaitAgain(long exportId, String transactionUid) {
        database.inTransaction(s -> {
            ExportRecord e = s.find(ExportRecord.class, exportId);
            e.state = ExportRecord.State.SENT;
            e.commitment = ExportRecord.Commitment.REQUESTED;
            e.commitmentTransactionUid = transactionUid;
        });
    }

    private ExportRecord export(long id) {
        return database.fromTransaction(s -> s.find(ExportRecord.class, id));
    }

    private JobRecord job(long id) {
        return database.fromTransaction(s -> s.find(JobRecord.class, id));
    }
}
