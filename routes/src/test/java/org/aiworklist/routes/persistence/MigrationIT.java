package org.aiworklist.routes.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.aiworklist.common.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade keeps the job state: a database exactly as release 0.1.0 left it (its schema and rows, dumped from
 * that release: src/test/resources/release-0.1.0) is opened by this build, which migrates it, and every study,
 * series, instance, job, export and quarantine entry is still there and readable through today's mapping.
 */
class MigrationIT {
    @Test
    void releaseDatabaseOnH2IsMigratedWithItsRowsIntact(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db/aiworklist");
        load(url, "sa", "release-0.1.0/h2.sql");
        assertReleaseRowsIntact(url, "sa");
    }

    @Test
    void releaseDatabaseOnPostgresqlIsMigratedWithItsRowsIntact() throws Exception {
        try (PostgresCluster cluster = PostgresCluster.startInstalled()) {
            load(cluster.jdbcUrl(), "postgres", "release-0.1.0/postgresql.sql");
            assertReleaseRowsIntact(cluster.jdbcUrl(), "postgres");
        }
    }

    @Test
    void newDatabaseGetsEveryMigrationAndTheMappingValidates(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("db/aiworklist");
        try (Database database = new Database(url, "sa", "")) {
            assertEquals(0L, (long)
                    database.fromTransaction(s -> s.createSelectionQuery("select count(*) from JobRecord", Long.class)
                            .getSingleResult()));
            List<String> applied = database.fromTransaction(s -> s.createNativeQuery(
                            "select \"version\" from \"flyway_schema_history\" where \"success\" and \"type\" = 'SQL'"
                                    + " order by \"installed_rank\"",
                            String.class)
                    .getResultList());
            assertEquals(
                    List.of("1", "2", "3", "4", "5", "5.1", "6", "9"),
                    applied,
                    "every migration ran as SQL on an empty database, in order");
        }
    }

    /**
     * Appliances of a cluster started together on a new database: one migrates it, the others wait and validate.
     * Without the migration lock, 6 nodes at once failed Flyway's baseline within 10 new databases.
     */
    @Test
    void nodesStartingAtOnceOnAnEmptyPostgresqlAllMigrateIt() throws Exception {
        try (PostgresCluster cluster = PostgresCluster.startInstalled()) {
            for (int round = 0; round < 10; round++) {
                List<Database> nodes = startAtOnce(cluster.newDatabase("together" + round), 6);
                try {
                    List<String> applied = nodes.get(0).fromTransaction(s -> s.createNativeQuery(
                                    "select version from flyway_schema_history where success order by installed_rank",
                                    String.class)
                            .getResultList());
                    assertEquals(
                            List.of("1", "2", "3", "4", "5", "5.1", "6", "9"),
                            applied,
                            "each migration ran once, none was baselined over (round " + round + ")");
                } finally {
                    nodes.forEach(Database::close);
                }
            }
        }
    }

    /** Opens the database from {@code count} threads released at the same moment; throws what any of them threw. */
    private static List<Database> startAtOnce(String url, int count) throws Exception {
        ExecutorService starts = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Database>> opening = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                opening.add(starts.submit(() -> {
                    go.await();
                    return new Database(url, "postgres", "");
                }));
            }
            go.countDown();
            List<Database> opened = new ArrayList<>();
            for (Future<Database> f : opening) {
                try {
                    opened.add(f.get(120, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    opened.forEach(Database::close);
                    throw e;
                }
            }
            return opened;
        } finally {
            starts.shutdownNow();
        }
    }

    private static void load(String url, String user, String resource) throws Exception {
        String script = new String(
                Objects.requireNonNull(MigrationIT.class.getClassLoader().getResourceAsStream(resource), resource)
                        .readAllBytes(),
                StandardCharsets.UTF_8);
        try (Connection c = DriverManager.getConnection(url, user, "");
                Statement st = c.createStatement()) {
            st.execute(script);
        }
    }

    private static void assertReleaseRowsIntact(String url, String user) {
        try (Database database = new Database(url, user, "")) {
            database.inTransaction(s -> {
                List<StudyRecord> studies = s.createSelectionQuery(
                                "from StudyRecord order by studyInstanceUid", StudyRecord.class)
                        .getResultList();
                assertEquals(
                        List.of("2.25.3001", "2.25.3002"),
                        studies.stream().map(x -> x.studyInstanceUid).toList());
                assertEquals("王^小明", studies.get(0).patientName, "non-ASCII names survive");
                assertEquals(3, studies.get(1).instanceCount);
                assertEquals("CT", studies.get(1).modalitiesInStudy, "V6 takes the modalities from the series");
                assertEquals(6L, count(s, "InstanceRecord"));
                assertEquals(2L, count(s, "SeriesRecord"));
                assertEquals(1L, count(s, "QuarantineRecord"));
                List<JobRecord> jobs = s.createSelectionQuery("from JobRecord order by id", JobRecord.class)
                        .getResultList();
                assertEquals(
                        List.of(JobRecord.State.DONE, JobRecord.State.SENDING),
                        jobs.stream().map(j -> j.state).toList());
                List<ExportRecord> exports = s.createSelectionQuery("from ExportRecord order by id", ExportRecord.class)
                        .getResultList();
                assertEquals(
                        List.of(ExportRecord.State.SENT, ExportRecord.State.PENDING),
                        exports.stream().map(e -> e.state).toList());
                assertEquals(4, exports.get(1).attempts);
                assertEquals(jobs.get(1).id, exports.get(1).jobId);
                assertEquals(null, jobs.get(0).resultsPurgedAt, "V2's column is there, empty");
                assertEquals(
                        List.of(Priority.ROUTINE, Priority.ROUTINE),
                        jobs.stream().map(j -> j.priority).toList(),
                        "V5: jobs of the release are routine, and no triage");
                assertEquals(false, jobs.get(1).triage);
                assertEquals(0L, count(s, "SeriesAttributeRecord"), "V5.1: no attributes were kept by the release");
            });
            // the sequences carried over: new rows take new ids, not ones the release already used
            long before =
                    database.fromTransaction(s -> s.createSelectionQuery("select max(id) from JobRecord", Long.class)
                            .getSingleResult());
            JobRecord added = TestJobs.job("2.25.3003", "h", JobRecord.State.QUEUED);
            database.inTransaction(s -> s.persist(added));
            assertEquals(true, added.id > before, "new id " + added.id + " after " + before);
        }
    }

    private static long count(org.hibernate.Session s, String entity) {
        return s.createSelectionQuery("select count(*) from " + entity, Long.class)
                .getSingleResult();
    }
}
