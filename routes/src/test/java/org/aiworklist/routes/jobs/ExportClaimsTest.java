package org.aiworklist.routes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aiworklist.dicom.StorageScu;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.ExportRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.TestJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The export timer never queues an export that is already queued or being sent; a restart frees its claims. */
class ExportClaimsTest {
    private final Database database = new Database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final NodeConfiguration config = ConfigurationLoader.load(Path.of("../conf/aiworklist.yaml"), Map.of());
    private final StorageCommitments commitments = new StorageCommitments(database, config, Clock.systemUTC());
    private final ExportStage export =
            new ExportStage(database, config, new StorageScu("AIWORKLIST"), commitments, Clock.systemUTC());

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aClaimedExportIsNotClaimedAgainUntilReleased() {
        long due = pending("pacs", Instant.now().minusSeconds(1));
        pending("pacs", Instant.now().plusSeconds(3600)); // not due yet

        List<ExportStage.Claim> first = export.claimDue();
        assertEquals(
                List.of(due), first.stream().map(ExportStage.Claim::exportId).toList());
        assertEquals(List.of(), export.claimDue(), "queued or being sent: not queued again");
        assertEquals(List.of(), export.claimJob(first.get(0).jobId()));

        ExportStage restarted =
                new ExportStage(database, config, new StorageScu("AIWORKLIST"), commitments, Clock.systemUTC());
        restarted.releaseClaims();
        assertEquals(
                List.of(due),
                restarted.claimDue().stream().map(ExportStage.Claim::exportId).toList(),
                "the claims the node held when it stopped are void after its restart");
    }

    @Test
    void anExportToADestinationNoLongerConfiguredIsADeadLetterNotAClaim() {
        long gone = pending("retired-pacs", Instant.now().minusSeconds(1));
        assertEquals(List.of(), export.claimDue());
        ExportRecord e = database.fromTransaction(s -> s.find(ExportRecord.class, gone));
        assertEquals(ExportRecord.State.DEAD_LETTER, e.state);
        assertEquals(
                JobRecord.State.DEAD_LETTER, database.fromTransaction(s -> s.find(JobRecord.class, e.jobId)).state);
    }

    private long pending(String destination, Instant nextAttemptAt) {
        return database.fromTransaction(s -> {
            JobRecord job = TestJobs.job("2.25.1", UUID.randomUUID().toString(), JobRecord.State.SENDING);
            s.persist(job);
            ExportRecord e = TestJobs.exportOf(job, destination);
            e.nextAttemptAt = nextAttemptAt;
            s.persist(e);
            return e.id;
        });
    }
}
