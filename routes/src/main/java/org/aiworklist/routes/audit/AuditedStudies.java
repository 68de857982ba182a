package org.aiworklist.routes.audit;

import java.util.Map;
import org.aiworklist.common.audit.AuditEvent;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.StudyRecord;
import org.hibernate.Session;

/** A study as the audit trail names it (UID, patient, accession), read from the index. */
public final class AuditedStudies {
    private AuditedStudies() {}

    /** The study; only its UID when the index does not know it. */
    public static AuditEvent.Study study(Session session, String studyInstanceUid, Map<String, Integer> counts) {
        StudyRecord study = session.find(StudyRecord.class, studyInstanceUid);
        if (study == null) {
            return new AuditEvent.Study(studyInstanceUid, null, null, null, counts);
        }
        return new AuditEvent.Study(
                study.studyInstanceUid, study.patientId, study.patientName, study.accessionNumber, counts);
    }

    /** The study the job is about; null when there is no such job. */
    public static AuditEvent.Study ofJob(Session session, long jobId) {
        JobRecord job = session.find(JobRecord.class, jobId);
        return job == null ? null : study(session, job.studyInstanceUid, Map.of());
    }
}
