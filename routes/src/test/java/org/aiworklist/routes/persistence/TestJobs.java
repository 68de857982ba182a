package org.aiworklist.routes.persistence;

/**
 * Job and export rows as tests persist them directly: every column the schema requires is filled, the test gives
 * what it cares about. The rule is the default configuration's, the model one at version "1".
 */
public final class TestJobs {
    private TestJobs() {}

    /**
     * A new job, not yet persisted.
     *
     * @param inputHash keeps a test's jobs apart: a job is unique per study, model, model version and input set
     */
    public static JobRecord job(String studyInstanceUid, String inputHash, JobRecord.State state) {
        JobRecord job = new JobRecord();
        job.studyInstanceUid = studyInstanceUid;
        job.ruleName = "chest-ct-nodules";
        job.modelId = "model";
        job.modelVersion = "1";
        job.inputHash = inputHash;
        job.state = state;
        return job;
    }

    /** A new export of a persisted job's results to the destination, pending, not yet persisted itself. */
    public static ExportRecord exportOf(JobRecord job, String destination) {
        ExportRecord export = new ExportRecord();
        export.jobId = job.id;
        export.destination = destination;
        return export;
    }
}
