package org.aiworklist.routes.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;
import org.hibernate.annotations.ColumnDefault;

/**
 * Delivery of one job's results to one destination, with its retry state and, where the destination is asked for
 * it, its Storage Commitment. Survives restarts.
 */
@Entity
@Table(
        name = "export",
        uniqueConstraints = @UniqueConstraint(columnNames = {"jobId", "destination"}),
        indexes = @Index(columnList = "commitmentTransactionUid"))
public class ExportRecord {
    public enum State {
        PENDING,
        SENT,
        DEAD_LETTER
    }

    /** Storage Commitment of what was sent: asked and awaited, reported committed, or given up on. */
    public enum Commitment {
        REQUESTED,
        COMMITTED,
        FAILED
    }

    @Id
    @GeneratedValue
    public Long id;

    public long jobId;

    @Column(length = 64, nullable = false)
    public String destination;

    @Enumerated(EnumType.STRING)
    @Column(length = 16, nullable = false)
    public State state = State.PENDING;

    public int attempts;
    public Instant nextAttemptAt;
    public Instant firstFailureAt;
    public Instant sentAt;

    @Column(length = ReasonText.LENGTH)
    public String lastError;
    /**
     * The node (its device name) that queued this export for sending; null while none has. Set in the transaction
     * that picks the export up, cleared with the attempt's outcome: a claimed export is never queued again.
     */
    @Column(length = 64)
    public String claimedBy;

    public Instant claimedAt;

    /** Null where the destination is not asked for Storage Commitment (or not yet: the objects are being resent). */
    @Enumerated(EnumType.STRING)
    @Column(length = 16)
    public Commitment commitment;
    /** The outstanding request's Transaction UID; null while none is outstanding (the N-ACTION failed). */
    @Column(length = 64)
    public String commitmentTransactionUid;

    public Instant commitmentRequestedAt;
    /** No report by then: ask again, or give up. */
    public Instant commitmentDueAt;

    public Instant committedAt;
    /** Requests that ended without commitment: no report in time, or failures the archive reported. */
    @ColumnDefault("0")
    public int commitmentRetries;
    /** The archive's Failure Reasons from its last report, summarised. */
    @Column(length = ReasonText.LENGTH)
    public String commitmentFailures;
}
