package org.aiworklist.routes.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.aiworklist.dicom.InstanceAttributes;
import org.aiworklist.dicom.ReceivedInstance;
import org.aiworklist.dicom.SinkDecision;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.IngestIndex;
import org.aiworklist.routes.persistence.InstanceRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.StudyRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention of 30 days against a real (in-memory H2) index and real files, with a fixed clock. */
class RetentionSweepTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final Database database = new Database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final RetentionSweep retention = new RetentionSweep(database, 30, CLOCK);

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void aFinishedStudyOlderThanTheRetentionLosesItsFilesButKeepsItsHistory() throws Exception {
        Path oldFile = study("old", 40, "old-1", JobRecord.State.SUPERSEDED, JobRecord.State.DONE);
        Path oldResults = dir.resolve("results/job-old-2");
        Path youngFile = study("young", 10, "young-1", JobRecord.State.DONE);
        Path unfinishedFile =
                study("unfinished", 40, "unfinished-1", JobRecord.State.DONE, JobRecord.State.DEAD_LETTER);

        assertEquals(new RetentionSweep.Swept(1, 1, 2, 0), retention.sweep());

        assertFalse(Files.exists(oldFile), "the old study's spool file is deleted");
        assertFalse(Files.exists(oldResults), "and its result directories");
        assertFalse(Files.exists(dir.resolve("results/job-old-1")));
        assertTrue(
                Files.exists(youngFile) && Files.exists(dir.resolve("results/job-young-1/findings.json")),
                "a study done 10 days ago is kept");
        assertTrue(
                Files.exists(unfinishedFile) && Files.exists(dir.resolve("results/job-unfinished-1")),
                "a study with a dead-lettered job is kept");
        List<JobRecord> oldJobs = jobs("old");
        assertEquals(
                List.of(JobRecord.State.SUPERSEDED, JobRecord.State.DONE),
                oldJobs.stream().map(j -> j.state).toList(),
                "the jobs stay as history");
        assertTrue(oldJobs.stream().allMatch(j -> NOW.equals(j.resultsPurgedAt)), "marked purged");
        assertEquals(NOW, instance("old-1").purgedAt);
        assertNull(instance("young-1").purgedAt);
        assertNull(jobs("young").get(0).resultsPurgedAt);

        assertEquals(new RetentionSweep.Swept(0, 0, 0, 0), retention.sweep(), "nothing left to purge");
    }

    @Test
    void anIdenticalInstanceSentAgainAfterThePurgeIsStillADuplicateAndItsNewSpoolFileGoesAgain() throws Exception {
        Path file = study("old", 40, "old-1", JobRecord.State.DONE);
        Path kept = study("young", 10, "young-1", JobRecord.State.DONE);
        retention.sweep();
        assertFalse(Files.exists(file));
        Files.writeString(file, "data set"); // what the spool does for the copy before the sink hears of it

        PurgedCopies sink = new PurgedCopies(new IngestIndex(database, CLOCK, true, 500), database);
        assertEquals(SinkDecision.DUPLICATE_IDENTICAL, sink.accept(received("old", "old-1", file)));
        assertEquals(SinkDecision.DUPLICATE_IDENTICAL, sink.accept(received("young", "young-1", kept)));

        assertEquals(
                2L,
                (long) database.fromTransaction(
                        s -> s.createSelectionQuery("select count(*) from InstanceRecord", Long.class)
                                .getSingleResult()),
                "no second row");
        assertEquals(
                StudyRecord.State.COMPLETE,
                database.fromTransaction(s -> s.find(StudyRecord.class, "old")).state,
                "the study is not reopened, so no second job");
        assertFalse(Files.exists(file), "the purged instance's copy is not kept");
        assertTrue(Files.exists(kept), "a duplicate of a kept instance leaves its file alone");
    }

    @Test
    void aSpoolFileAnotherStudyStillReferencesIsKept() throws Exception {
        Path shared = study("old", 40, "old-1", JobRecord.State.DONE);
        study("young", 10, "young-1", JobRecord.State.DONE);
        database.inTransaction(s -> {
            InstanceRecord other = s.createSelectionQuery(
                            "from InstanceRecord where sopInstanceUid = 'young-1'", InstanceRecord.class)
                    .getSingleResult();
            other.path = shared.toString();
            other.contentSha256 = "sha-old-1";
        });

        assertEquals(new RetentionSweep.Swept(1, 0, 1, 0), retention.sweep());

        assertTrue(Files.exists(shared), "the young study's instance still needs the file");
        assertNotNull(instance("old-1").purgedAt, "while the old study's instance no longer holds it");
    }

    /**
     * A complete study whose instance arrived and was completed {@code daysAgo}, one spool file and per job state
     * a job done then, with a result directory.
     */
    private Path study(String uid, int daysAgo, String sopInstanceUid, JobRecord.State... jobStates) throws Exception {
        Instant then = NOW.minus(Duration.ofDays(daysAgo));
        Path file = Files.writeString(
                Files.createDirectories(dir.resolve("spool")).resolve(sopInstanceUid + ".dcm"), "data set");
        for (int n = 1; n <= jobStates.length; n++) {
            Files.writeString(
                    Files.createDirectories(dir.resolve("results/job-" + uid + "-" + n + "/sc-multiframe"))
                            .resolveSibling("findings.json"),
                    "{}");
        }
        database.inTransaction(s -> {
            StudyRecord study = new StudyRecord();
            study.studyInstanceUid = uid;
            study.state = StudyRecord.State.COMPLETE;
            study.firstReceivedAt = then;
            study.lastReceivedAt = then;
            study.completedAt = then;
            study.instanceCount = 1;
            s.persist(study);
            InstanceRecord instance = new InstanceRecord();
            instance.sopInstanceUid = sopInstanceUid;
            instance.sopClassUid = "1.2.840.10008.5.1.4.1.1.2";
            instance.seriesInstanceUid = uid + ".1";
            instance.studyInstanceUid = uid;
            instance.path = file.toString();
            instance.contentSha256 = "sha-" + sopInstanceUid;
            instance.receivedAt = then;
            s.persist(instance);
            for (int n = 1; n <= jobStates.length; n++) {
                JobRecord job = new JobRecord();
                job.studyInstanceUid = uid;
                job.ruleName = "chest-ct-nodules";
                job.modelId = "demo-lung-nodule";
                job.modelVersion = "1.0." + n;
                job.inputHash = "input";
                job.version = n;
                job.state = jobStates[n - 1];
                job.createdAt = then;
                job.doneAt = jobStates[n - 1] == JobRecord.State.DEAD_LETTER ? null : then;
                job.resultDirectory =
                        dir.resolve("results/job-" + uid + "-" + n).toString();
                s.persist(job);
            }
        });
        return file;
    }

    private ReceivedInstance received(String studyUid, String sopInstanceUid, Path file) {
        return new ReceivedInstance(
                file,
                "CT1",
                "127.0.0.1",
                "1.2.840.10008.1.2.1",
                new InstanceAttributes(
                        "1.2.840.10008.5.1.4.1.1.2",
                        sopInstanceUid,
                        studyUid + ".1",
                        studyUid,
                        "PID",
                        "Doe^Jane",
                        "ACC1",
                        "CT CHEST",
                        "CT",
                        null,
                        1,
                        1,
                        1.0,
                        new double[] {1, 0, 0, 0, 1, 0},
                        null,
                        null),
                "sha-" + sopInstanceUid,
                8);
    }

    private InstanceRecord instance(String sopInstanceUid) {
        return database.fromTransaction(
                s -> s.createSelectionQuery("from InstanceRecord where sopInstanceUid = :u", InstanceRecord.class)
                        .setParameter("u", sopInstanceUid)
                        .getSingleResult());
    }

    private List<JobRecord> jobs(String studyUid) {
        return database.fromTransaction(s -> s.createSelectionQuery(
                        "from JobRecord where studyInstanceUid = :s order by version", JobRecord.class)
                .setParameter("s", studyUid)
                .getResultList());
    }
}
