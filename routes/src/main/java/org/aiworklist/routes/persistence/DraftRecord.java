package org.aiworklist.routes.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.Session;

/**
 * The request of one generative-report job to its model's endpoint, with its retry state: pending (due at
 * nextAttemptAt, the endpoint's last error kept), written (the draft's objects are in the job's result directory and
 * its exports queued), or failed (refused, rejected or given up; the reason is on the job too). Survives restarts;
 * claimed like an export, so a request in flight is never made twice at once.
 */
@Entity
@Table(name = "draft")
public class DraftRecord {
    public enum State {
        PENDING,
        WRITTEN,
        FAILED
    }

    @Id
    @GeneratedValue
    public Long id;

    @Column(nullable = false, unique = true)
    public long jobId;

    @Enumerated(EnumType.STRING)
    @Column(length = 16, nullable = false)
    public State state = State.PENDING;

    public int attempts;
    public Instant nextAttemptAt;
    public Instant firstFailureAt;
    /** The endpoint's or the answer check's last word, as an operator reads it. */
    @Column(length = ReasonText.LENGTH)
    public String lastError;
    /** The node (its device name) that queued this request; null while none has. */
    @Column(length = 64)
    public String claimedBy;

    public Instant claimedAt;
    /** Images in the last request and its size in bytes: what left the node. */
    public Integer imagesSent;

    public Long requestBytes;
    /** SHA-256 of the prompt template the request was built from. */
    @Column(length = 64)
    public String promptSha256;
    /** The model the endpoint said answered. */
    @Column(length = 128)
    public String servedModel;

    public Instant answeredAt;

    /** The job's draft, or null when its model is not generative. */
    public static DraftRecord ofJob(Session session, long jobId) {
        return session
                .createSelectionQuery("from DraftRecord where jobId = :j", DraftRecord.class)
                .setParameter("j", jobId)
                .getResultList()
                .stream()
                .findFirst()
                .orElse(null);
    }
}
