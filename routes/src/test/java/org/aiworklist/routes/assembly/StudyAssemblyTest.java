package org.aiworklist.routes.assembly;

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
import java.util.UUID;
import org.aiworklist.dicom.InstanceAttributes;
import org.aiworklist.dicom.ReceivedInstance;
import org.aiworklist.dicom.SinkDecision;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.IngestIndex;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.StudyRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Study assembly against a real (in-memory H2) index: completion conditions, idempotent jobs, re-runs. */
class StudyAssemblyTest {
    private final MutableClock clock = new MutableClock();
    private NodeConfiguration config;
    private Database database;
    private IngestIndex index;
    private StudyAssembly assembly;

    @BeforeEach
    void setUp() {
        config = ConfigurationLoader.load(
                Path.of("../conf/aiworklist.yaml"),
                Map.of(
                        "AIWORKLIST_DATABASE_JDBCURL",
                        "jdbc:h2:mem:" + UUID.randomUUID(),
                        "AIWORKLIST_RULES_0_REQUIREDSERIES_MINSLICES",
                        "5"));
        database = new Database(config.database().jdbcUrl(), "sa", "");
        index = new IngestIndex(database, clock, true, 500);
        assembly = new StudyAssembly(database, config, id -> "1.0.0", clock);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void embeddedTheIndexTakesLongBatches() {
        assertTrue(database.embedded());
        assertTrue(
                index.batchWindow().compareTo(Duration.ofMillis(200)) > 0,
                "embedded, the index takes long batches: " + index.batchWindow());
    }

    @Test
    void quietPeriodCompletesAStudyWithItsRequiredSeriesAndCreatesOneJob() {
        send("study-1", "series-1", 6, 1.25, null, "a");
        clock.advance(Duration.ofSeconds(5));
        assertEquals(List.of(), assembly.completeReadyStudies(), "still inside the quiet period");
        clock.advance(Duration.ofSeconds(6));
        assertEquals(1, assembly.completeReadyStudies().size());
        assertEquals(StudyRecord.State.COMPLETE, study("study-1").state);
        assertEquals("quiet period", study("study-1").completionReason);
    }

    @Test
    void thickSlicesDoNotSatisfyTheRequiredSeriesUntilMaximumAge() {
        send("study-2", "series-2", 6, 5.0, null, "a");
        clock.advance(Duration.ofMinutes(5));
        assertEquals(List.of(), assembly.completeReadyStudies());
        clock.advance(Duration.ofMinutes(config.assembly().maxAgeMinutes()));
        assertEquals(
                List.of(), assembly.completeReadyStudies(), "completed at max age, but no suitable series: no job");
        assertEquals("maximum age", study("study-2").completionReason);
    }

    @Test
    void expectedCountCompletesWithoutWaiting() {
        send("study-3", "series-3", 6, 1.0, 6, "a");
        assertEquals(1, assembly.completeReadyStudies().size());
        assertEquals("expected instance count", study("study-3").completionReason);
    }

    @Test
    void resentStudyMakesNoSecondJobButLateArrivalMakesASupersedingVersion() {
        send("study-4", "series-4", 6, 1.0, 6, "a");
        List<Long> first = assembly.completeReadyStudies();
        assertEquals(1, first.size());

        assertEquals(SinkDecision.DUPLICATE_IDENTICAL, send("study-4", "series-4", 6, 1.0, 6, "a"));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(List.of(), assembly.completeReadyStudies(), "identical resend: no new job");

        clock.advance(Duration.ofSeconds(1));
        index.accept(instance("study-4", "series-4", 99, 1.0, null, "late"));
        clock.advance(Duration.ofSeconds(60));
        List<Long> second = assembly.completeReadyStudies();
        assertEquals(1, second.size());
        JobRecord rerun = database.fromTransaction(s -> s.find(JobRecord.class, second.get(0)));
        assertEquals(2, rerun.version);
        assertEquals(first.get(0), rerun.supersedesJobId);
    }

    @Test
    void lateArrivalsAreKeptButIgnoredUnderPolicyIgnore() {
        IngestIndex ignoring = new IngestIndex(database, clock, false, 500);
        for (int i = 1; i <= 6; i++) {
            ignoring.accept(instance("study-8", "series-8", i, 1.0, 6, "a"));
        }
        assertEquals(1, assembly.completeReadyStudies().size());
        assertEquals(SinkDecision.STORED, ignoring.accept(instance("study-8", "series-8", 7, 1.0, null, "late")));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(List.of(), assembly.completeReadyStudies(), "no re-run");
        assertEquals(StudyRecord.State.COMPLETE, study("study-8").state);
    }

    @Test
    void sameUidWithDifferentContentIsKeptAndFlagged() {
        assertEquals(SinkDecision.STORED, index.accept(instance("study-5", "series-5", 1, 1.0, null, "x")));
        assertEquals(SinkDecision.CONFLICT_KEPT, index.accept(instance("study-5", "series-5", 1, 1.0, null, "y")));
        long rows = database.fromTransaction(s -> s.createSelectionQuery(
                        "select count(*) from InstanceRecord where studyInstanceUid = 'study-5'", Long.class)
                .getSingleResult());
        assertEquals(2, rows);
    }

    @Test
    void forcedCompletionProceedsAtOnce() {
        send("study-6", "series-6", 6, 1.0, null, "a");
        assertTrue(assembly.forceComplete("study-6"));
        assertEquals(1, assembly.completeReadyStudies().size());
        assertEquals("forced", study("study-6").completionReason);
    }

    @Test
    void aForcedCompletionOutlivesATransactionThatReadTheStudyBefore() {
        send("study-8", "series-8", 6, 1.0, null, "a");
        // as the index feed recording the study's last instance while the operator's request commits
        database.inTransaction(feed -> {
            StudyRecord seen = feed.find(StudyRecord.class, "study-8");
            assertTrue(assembly.forceComplete("study-8"));
            seen.lastReceivedAt = seen.lastReceivedAt.plusMillis(1);
        });
        assertTrue(study("study-8").forceComplete, "the request is still there");
        assertEquals(1, assembly.completeReadyStudies().size());
        assertEquals("forced", study("study-8").completionReason);
    }

    @Test
    void aFullJobQueueAsksSendersToComeBackLater() {
        IngestIndex small = new IngestIndex(database, clock, true, 1);
        assertTrue(small.hasCapacity());
        send("study-7", "series-7", 6, 1.0, 6, "a");
        assertEquals(1, assembly.completeReadyStudies().size(), "one job queued");
        clock.advance(Duration.ofSeconds(2));
        assertFalse(small.hasCapacity(), "queue at its limit: A700 for new images");
    }

    private SinkDecision send(
            String study, String series, int count, double thickness, Integer expected, String content) {
        SinkDecision last = null;
        for (int i = 1; i <= count; i++) {
            last = index.accept(instance(study, series, i, thickness, expected, content));
        }
        return last;
    }

    private static ReceivedInstance instance(
            String study, String series, int number, double thickness, Integer expected, String content) {
        return new ReceivedInstance(
                Path.of("/nonexistent/" + study + "-" + number + "-" + content),
                "CT1",
                "127.0.0.1",
                "1.2.840.10008.1.2.1",
                new InstanceAttributes(
                        "1.2.840.10008.5.1.4.1.1.2",
                        study + "." + number,
                        series,
                        study,
                        "PID",
                        "DOE^JANE",
                        "ACC1",
                        "CT CHEST",
                        "CT",
                        "chest",
                        1,
                        number,
                        thickness,
                        new double[] {1, 0, 0, 0, 1, 0},
                        expected,
                        null),
                content + number,
                100);
    }

    private StudyRecord study(String uid) {
        return database.fromTransaction(s -> s.find(StudyRecord.class, uid));
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-28T08:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
