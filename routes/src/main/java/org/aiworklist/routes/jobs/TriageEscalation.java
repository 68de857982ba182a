package org.aiworklist.routes.jobs;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import org.aiworklist.common.ClassVerdict;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.common.Priority;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.JobRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Acts on a triage classifier's verdict as soon as inference gives it: when a finding whose label maps to a priority
 * is present, every unfinished job of the study (the classifier's own, and the slower models' still waiting) gets at
 * least that priority, in one transaction. The inference queue then serves them first, and their exports go first.
 */
public final class TriageEscalation {
    private static final Logger log = LoggerFactory.getLogger(TriageEscalation.class);
    private static final List<JobRecord.State> UNFINISHED = List.of(
            JobRecord.State.QUEUED, JobRecord.State.INFERRING, JobRecord.State.RESULTS_READY, JobRecord.State.SENDING);

    private final Database database;
    private final BiFunction<String, InferenceResult, Optional<Priority>> escalation;

    /**
     * @param escalation the priority a model's result calls for, by model id (a triage classifier's present
     *                   findings); empty for none
     */
    public TriageEscalation(Database database, BiFunction<String, InferenceResult, Optional<Priority>> escalation) {
        this.database = database;
        this.escalation = escalation;
    }

    /** Raises the study's priority when the result calls for it; the result goes on to the reports unchanged. */
    public JobResult escalate(JobResult jobResult) {
        try (MDC.MDCCloseable mdc = JobMdc.of(jobResult.jobId())) {
            JobRecord job = database.fromTransaction(session -> session.find(JobRecord.class, jobResult.jobId()));
            Optional<Priority> priority = escalation.apply(job.modelId, jobResult.result());
            if (priority.isPresent()) {
                raise(job, priority.get(), reason(job, jobResult));
            }
            return jobResult;
        }
    }

    private void raise(JobRecord trigger, Priority priority, String reason) {
        int raised = database.fromTransaction(session -> {
            List<JobRecord> jobs = session.createSelectionQuery(
                            "from JobRecord where studyInstanceUid = :s and state in (:states)", JobRecord.class)
                    .setParameter("s", trigger.studyInstanceUid)
                    .setParameter("states", UNFINISHED)
                    .getResultList();
            int count = 0;
            for (JobRecord j : jobs) {
                if (j.priority.compareTo(priority) < 0) {
                    j.priority = priority;
                    j.priorityReason = reason;
                    count++;
                }
            }
            return count;
        });
        log.info(
                "job {} of study {}: {}; {} job(s) of the study raised to {}",
                trigger.id,
                PhiSafe.hash(trigger.studyInstanceUid),
                reason,
                raised,
                priority);
    }

    /** The verdicts that raised it, e.g. "triage demo-chest-triage: nodule-8mm present (p=0.97)". */
    private static String reason(JobRecord job, JobResult jobResult) {
        List<ClassVerdict> present =
                jobResult.result().classification().orElseThrow().present();
        StringBuilder s = new StringBuilder("triage " + job.modelId + ":");
        for (ClassVerdict v : present) {
            s.append(String.format(Locale.ROOT, " %s present (p=%.2f)", v.name(), v.probability()));
        }
        String text = s.toString();
        return text.length() <= 128 ? text : text.substring(0, 127) + "…";
    }
}
