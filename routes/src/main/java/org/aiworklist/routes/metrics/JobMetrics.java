package org.aiworklist.routes.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.aiworklist.routes.persistence.CommittedChanges;
import org.aiworklist.routes.persistence.ExportRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.StudyRecord;

/**
 * Counts what committed transactions did to jobs and exports, and times the stages whose ends are recorded in the
 * database: {@code aiworklist_jobs_total} (jobs entering each state), {@code aiworklist_export_attempts_total} (by
 * destination and outcome), and the assembly, queue and export stages of {@code aiworklist_stage_seconds}.
 */
final class JobMetrics implements CommittedChanges {
    private final MeterRegistry registry;
    private final StageTimers stages;
    private final Map<JobRecord.State, Counter> jobs = new EnumMap<>(JobRecord.State.class);

    JobMetrics(MeterRegistry registry, StageTimers stages) {
        this.registry = registry;
        this.stages = stages;
        for (JobRecord.State state : JobRecord.State.values()) {
            jobs.put(
                    state,
                    Counter.builder("aiworklist.jobs")
                            .description("jobs that entered each state")
                            .tag("state", state.name())
                            .register(registry));
        }
    }

    @Override
    public void job(JobRecord job, JobRecord before) {
        if (before != null && before.state == job.state) {
            return;
        }
        jobs.get(job.state).increment();
        if (job.state == JobRecord.State.INFERRING) {
            record(Stage.QUEUE, job.createdAt, job.inferenceStartedAt);
        } else if (job.state == JobRecord.State.DONE && before != null && before.doneAt == null) {
            // the first delivery only: an operator's resend is not the time results took to reach the PACS
            record(Stage.EXPORT, job.resultsReadyAt, job.doneAt);
        }
    }

    @Override
    public void study(StudyRecord study, StudyRecord before) {
        if (before != null && before.state != study.state && study.state == StudyRecord.State.COMPLETE) {
            record(Stage.ASSEMBLY, study.lastReceivedAt, study.completedAt);
        }
    }

    @Override
    public void export(ExportRecord export, ExportRecord before) {
        if (before != null && export.attempts > before.attempts) {
            Counter.builder("aiworklist.export.attempts")
                    .description("delivery attempts by destination and outcome")
                    .tag("destination", export.destination)
                    .tag("outcome", outcome(export.state))
                    .register(registry)
                    .increment();
        }
    }

    /** sent, retry (to be tried again) or dead_letter (refused for good). */
    private static String outcome(ExportRecord.State state) {
        return state == ExportRecord.State.PENDING ? "retry" : state.name().toLowerCase(Locale.ROOT);
    }

    private void record(Stage stage, Instant from, Instant to) {
        if (from != null && to != null) {
            stages.record(stage, Duration.between(from, to));
        }
    }
}
