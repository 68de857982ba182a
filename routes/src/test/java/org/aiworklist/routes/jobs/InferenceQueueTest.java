package org.aiworklist.routes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.aiworklist.common.AlgorithmIdentity;
import org.aiworklist.common.ClassVerdict;
import org.aiworklist.common.Classification;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.Priority;
import org.aiworklist.dicom.StorageScu;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.ExportRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.TestJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The inference queue is the database's: queued jobs are taken most urgent first (STAT, HIGH, ROUTINE; triage
 * classifiers first within one priority; then the oldest), by any stage instance, so the order survives a restart;
 * a triage classifier's positive verdict raises its study's unfinished jobs, which then overtake those waiting; and
 * the most urgent jobs' exports are queued first.
 */
class InferenceQueueTest {
    private static final Instant NOW = Instant.parse("2026-11-28T08:00:00Z");
    private final Database database = new Database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final NodeConfiguration config = ConfigurationLoader.load(Path.of("../conf/aiworklist.yaml"), Map.of());
    private final Clock clock = Clock.fixed(NOW, java.time.ZoneOffset.UTC);

    @AfterEach
    void close() {
        database.close();
    }

    /** Claims need no model: the stage's models are used by {@code infer} only. */
    private InferenceStage stage() {
        return new InferenceStage(database, config, null, clock);
    }

    @Test
    void theMostUrgentJobIsTakenFirstAndTheOrderComesFromTheDatabase() {
        long routine = job("study-a", Priority.ROUTINE, false, JobRecord.State.QUEUED);
        long triage = job("study-b", Priority.ROUTINE, true, JobRecord.State.QUEUED);
        long high = job("study-c", Priority.HIGH, false, JobRecord.State.QUEUED);
        long stat = job("study-d", Priority.STAT, false, JobRecord.State.QUEUED);
        job("study-e", Priority.STAT, false, JobRecord.State.DONE);

        InferenceStage stage = stage();
        assertTrue(stage.anyQueued());
        assertEquals(stat, stage.claimNext(), "STAT first, though created last");
        assertEquals(JobRecord.State.INFERRING, state(stat));
        assertEquals(NOW, database.fromTransaction(s -> s.find(JobRecord.class, stat)).inferenceStartedAt);

        InferenceStage afterRestart = stage(); // a new node on the same database: the order is still there
        assertEquals(List.of(high, triage, routine), drain(afterRestart), "then HIGH, the triage job, the rest");
        assertNull(afterRestart.claimNext(), "nothing waits");
        assertFalse(afterRestart.anyQueued());
    }

    @Test
    void aPositiveTriageVerdictRaisesTheStudysUnfinishedJobsAheadOfThoseWaiting() {
        List<Long> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(job("routine-" + i, Priority.ROUTINE, false, JobRecord.State.QUEUED));
        }
        long classifier = job("positive", Priority.ROUTINE, true, JobRecord.State.QUEUED);
        long detector = job("positive", Priority.ROUTINE, false, JobRecord.State.QUEUED);
        long earlierDone = job("positive", Priority.ROUTINE, false, JobRecord.State.DONE);

        InferenceStage stage = stage();
        assertEquals(classifier, stage.claimNext(), "the triage classifier runs first");
        TriageEscalation escalation = new TriageEscalation(
                database,
                (modelId, result) ->
                        result.classification().orElseThrow().present().isEmpty()
                                ? Optional.empty()
                                : Optional.of(Priority.STAT));
        JobResult result = new JobResult(classifier, classification(0.93));
        assertEquals(result, escalation.escalate(result), "the result goes on unchanged");

        JobRecord raised = database.fromTransaction(s -> s.find(JobRecord.class, detector));
        assertEquals(Priority.STAT, raised.priority);
        assertEquals("triage model: nodule-8mm present (p=0.93)", raised.priorityReason);
        assertEquals(Priority.STAT, database.fromTransaction(s -> s.find(JobRecord.class, classifier)).priority);
        assertEquals(
                Priority.ROUTINE,
                database.fromTransaction(s -> s.find(JobRecord.class, earlierDone)).priority,
                "a finished job keeps its priority");
        List<Long> expected = new ArrayList<>(List.of(detector));
        expected.addAll(waiting);
        assertEquals(expected, drain(stage), "the positive study's detector overtakes the five routine studies");
    }

    @Test
    void aNegativeVerdictChangesNothing() {
        long classifier = job("negative", Priority.ROUTINE, true, JobRecord.State.INFERRING);
        long detector = job("negative", Priority.ROUTINE, false, JobRecord.State.QUEUED);
        new TriageEscalation(database, (modelId, result) -> Optional.empty())
                .escalate(new JobResult(classifier, classification(0.1)));
        assertEquals(Priority.ROUTINE, database.fromTransaction(s -> s.find(JobRecord.class, detector)).priority);
    }

    @Test
    void theMostUrgentJobsExportsAreQueuedFirst() {
        long routine = export(job("export-a", Priority.ROUTINE, false, JobRecord.State.SENDING));
        long stat = export(job("export-b", Priority.STAT, false, JobRecord.State.SENDING));
        long high = export(job("export-c", Priority.HIGH, false, JobRecord.State.SENDING));
        ExportStage export = new ExportStage(
                database,
                config,
                new StorageScu("AIWORKLIST"),
                new StorageCommitments(database, config, Clock.systemUTC()),
                Clock.systemUTC());
        assertEquals(
                List.of(stat, high, routine),
                export.claimDue().stream().map(ExportStage.Claim::exportId).toList());
    }

    private List<Long> drain(InferenceStage stage) {
        List<Long> order = new ArrayList<>();
        for (Long id = stage.claimNext(); id != null && order.size() < 100; id = stage.claimNext()) {
            order.add(id);
        }
        return order;
    }

    private static InferenceResult classification(double p) {
        AlgorithmIdentity algorithm = new AlgorithmIdentity("model", "triage", "1", "test", null, null, null);
        return new InferenceResult(
                algorithm,
                new Classification(
                        Classification.Scope.STUDY,
                        List.of(new ClassVerdict(
                                "nodule-8mm",
                                new CodedConcept("786838002", "SCT", "Pulmonary nodule"),
                                "pulmonary nodule of 8 mm or more",
                                p,
                                0.5))),
                List.of(new ImageReference("2.25.1", "2.25.2", "1.2.840.10008.5.1.4.1.1.2", "2.25.3")));
    }

    private long job(String study, Priority priority, boolean triage, JobRecord.State state) {
        return database.fromTransaction(s -> {
            JobRecord job = TestJobs.job(study, UUID.randomUUID().toString(), state);
            job.priority = priority;
            job.triage = triage;
            s.persist(job);
            return job.id;
        });
    }

    private long export(long jobId) {
        return database.fromTransaction(s -> {
            ExportRecord e = TestJobs.exportOf(s.find(JobRecord.class, jobId), "pacs");
            e.nextAttemptAt = Instant.now().minusSeconds(1);
            s.persist(e);
            return e.id;
        });
    }

    private JobRecord.State state(long id) {
        return database.fromTransaction(s -> s.find(JobRecord.class, id)).state;
    }
}
