package org.aiworklist.routes.api;

import java.time.Instant;
import java.util.List;
import org.aiworklist.routes.persistence.DraftRecord;
import org.aiworklist.routes.persistence.ExportRecord;
import org.aiworklist.routes.persistence.JobRecord;

/**
 * What the REST API shows of a job: identity, state, priority (and why), the time of each stage and any error; per
 * destination, the delivery and, where asked, its Storage Commitment (REQUESTED, COMMITTED or FAILED, with the
 * archive's reasons); for a generative-report model's job, its draft request (null for other jobs).
 */
public record JobView(
        long id,
        String studyInstanceUid,
        String ruleName,
        String modelId,
        String modelVersion,
        int version,
        Long supersedesJobId,
        String state,
        String priority,
        String priorityReason,
        String error,
        Integer findingCount,
        Instant createdAt,
        Instant inferenceStartedAt,
        Instant resultsReadyAt,
        Instant sendingAt,
        Instant doneAt,
        List<ExportView> exports,
        DraftView draft) {

    /**
     * The draft asked of a generative model's endpoint: PENDING (with the next attempt and the endpoint's last
     * error message, e.g. llama.cpp's or vLLM's JSON error), WRITTEN or FAILED (the reason is the job's error too).
     *
     * @param imagesSent   images in the last request; requestBytes its size: what left the node
     * @param promptSha256 the prompt template the request was built from
     * @param servedModel  the model the endpoint said answered
     */
    public record DraftView(
            String state,
            int attempts,
            Instant nextAttemptAt,
            String lastError,
            Integer imagesSent,
            Long requestBytes,
            String promptSha256,
            String servedModel,
            Instant answeredAt) {
        static DraftView of(DraftRecord d) {
            return d == null
                    ? null
                    : new DraftView(
                            d.state.name(),
                            d.attempts,
                            d.state == DraftRecord.State.PENDING ? d.nextAttemptAt : null,
                            d.lastError,
                            d.imagesSent,
                            d.requestBytes,
                            d.promptSha256,
                            d.servedModel,
                            d.answeredAt);
        }
    }

    public record ExportView(
            String destination,
            String state,
            int attempts,
            Instant nextAttemptAt,
            Instant sentAt,
            String lastError,
            String commitment,
            String commitmentTransactionUid,
            Instant commitmentRequestedAt,
            Instant committedAt,
            String commitmentFailures) {
        static ExportView of(ExportRecord e) {
            return new ExportView(
                    e.destination,
                    e.state.name(),
                    e.attempts,
                    e.state == ExportRecord.State.PENDING ? e.nextAttemptAt : null,
                    e.sentAt,
                    e.lastError,
                    e.commitment == null ? null : e.commitment.name(),
                    e.commitmentTransactionUid,
                    e.commitmentRequestedAt,
                    e.committedAt,
                    e.commitmentFailures);
        }
    }

    static JobView of(JobRecord j, List<ExportRecord> exports, DraftRecord draft) {
        return new JobView(
                j.id,
                j.studyInstanceUid,
                j.ruleName,
                j.modelId,
                j.modelVersion,
                j.version,
                j.supersedesJobId,
                j.state.name(),
                j.priority.name(),
                j.priorityReason,
                j.error,
                j.findingCount,
                j.createdAt,
                j.inferenceStartedAt,
                j.resultsReadyAt,
                j.sendingAt,
                j.doneAt,
                exports.stream().map(ExportView::of).toList(),
                DraftView.of(draft));
    }
}
