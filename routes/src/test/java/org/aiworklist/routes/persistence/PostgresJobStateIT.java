package org.aiworklist.routes.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.aiworklist.dicom.InstanceAttributes;
import org.aiworklist.dicom.ReceivedInstance;
import org.aiworklist.dicom.SinkDecision;
import org.aiworklist.dicom.StorageScu;
import org.aiworklist.routes.assembly.StudyAssembly;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.jobs.ExportStage;
import org.aiworklist.routes.jobs.StorageCommitments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The job-state schema on PostgreSQL, the database several nodes share: index, duplicates, one job per input,
 * export claims.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresJobStateIT {
    /** One server for the class (initdb is most of the cost); each test has a database of its own on it. */
    private PostgresCluster cluster;

    @BeforeAll
    void startServer() throws Exception {
        cluster = PostgresCluster.startInstalled();
    }

    @AfterAll
    void stopServer() throws Exception {
        cluster.close();
    }

    @Test
    void indexAndAssemblyWorkOnPostgresql() throws Exception {
        NodeConfiguration config = ConfigurationLoader.load(
                Path.of("../conf/aiworklist.yaml"),
                Map.of(
                        "AIWORKLIST_DATABASE_JDBCURL",
                        cluster.newDatabase("index_and_assembly"),
                        "AIWORKLIST_DATABASE_USER",
                        "postgres",
                        "AIWORKLIST_RULES_0_REQUIREDSERIES_MINSLICES",
                        "3"));
        Clock clock = Clock.fixed(Instant.parse("2026-11-28T08:00:00Z"), ZoneOffset.UTC);
        try (Database database = new Database(config.database().jdbcUrl(), "postgres", "")) {
            IngestIndex index = new IngestIndex(database, clock, true, 10);
            assertFalse(database.embedded());
            assertTrue(
                    index.batchWindow().compareTo(Duration.ofMillis(200)) < 0,
                    "behind a server the index takes short batches: " + index.batchWindow());
            for (int i = 1; i <= 3; i++) {
                assertEquals(SinkDecision.STORED, index.accept(instance(i, "a")));
            }
            assertEquals(SinkDecision.DUPLICATE_IDENTICAL, index.accept(instance(1, "a")));
            assertEquals(SinkDecision.CONFLICT_KEPT, index.accept(instance(1, "b")));

            StudyAssembly assembly =
                    new StudyAssembly(database, config, id -> "1.0.0", Clock.offset(clock, Duration.ofMinutes(1)));
            List<Long> jobs = assembly.completeReadyStudies();
            assertEquals(1, jobs.size());
            JobRecord job = database.fromTransaction(s -> s.find(JobRecord.class, jobs.get(0)));
            assertEquals(JobRecord.State.QUEUED, job.state);
            assertEquals(List.of(), assembly.completeReadyStudies(), "no second job");
            assertEquals(4L, (long) database.fromTransaction(
                    s -> s.createSelectionQuery("select count(*) from InstanceRecord", Long.class)
                            .getSingleResult()));
        }
    }

    /** Two nodes on one database: an export one of them claimed is not claimed by the other, even after its restart. */
    @Test
    void exportClaimsAreExclusiveBetweenNodesOnPostgresql() throws Exception {
        try (Database database = new Database(cluster.newDatabase("export_claims"), "postgres", "")) {
            ExportStage first = node(database, "node-a");
            ExportStage second = node(database, "node-b");
            long export = database.fromTransaction(s -> {
                JobRecord job = TestJobs.job("2.25.1", "h", JobRecord.State.SENDING);
                s.persist(job);
                ExportRecord e = TestJobs.exportOf(job, "pacs");
                e.nextAttemptAt = Instant.now().minusSeconds(1);
                s.persist(e);
                return e.id;
            });
            assertEquals(
                    List.of(export),
                    first.claimDue().stream().map(ExportStage.Claim::exportId).toList());
            assertEquals(List.of(), second.claimDue(), "claimed by the other node");
            second.releaseClaims();
            assertEquals(List.of(), second.claimDue(), "a restart releases only the node's own claims");
            first.releaseClaims();
            assertEquals(
                    List.of(export),
                    second.claimDue().stream().map(ExportStage.Claim::exportId).toList());
        }
    }

    private static ExportStage node(Database database, String name) {
        NodeConfiguration config =
                ConfigurationLoader.load(Path.of("../conf/aiworklist.yaml"), Map.of("AIWORKLIST_DEVICE_NAME", name));
        return new ExportStage(
                database,
                config,
                new StorageScu("AIWORKLIST"),
                new StorageCommitments(database, config, Clock.systemUTC()),
                Clock.systemUTC());
    }

    private static ReceivedInstance instance(int number, String content) {
        return new ReceivedInstance(
                Path.of("/spool/" + number + content),
                "CT1",
                "127.0.0.1",
                "1.2.840.10008.1.2.1",
                new InstanceAttributes(
                        "1.2.840.10008.5.1.4.1.1.2",
                        "2.25.1." + number,
                        "2.25.2",
                        "2.25.3",
                        "PID",
                        "DOE^JANE",
                        "ACC1",
                        "CT CHEST",
                        "CT",
                        "chest",
                        1,
                        number,
                        1.0,
                        new double[] {1, 0, 0, 0, 1, 0},
                        3,
                        null),
                content + number,
                100);
    }
}
