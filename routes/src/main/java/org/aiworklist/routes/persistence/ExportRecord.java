package org.aiworklist.routes.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import java.time.Instant;

/** Delivery of one job's results to one destination, with its retry state. Survives restarts. */
@Entity
@Table(name = "export", uniqueConstraints = @UniqueConstraint(columnNames = {"jobId", "destination"}))
public class ExportRecord {
    public enum State { PENDING, SENT, DEAD_LETTER }

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
    @Column(length = 2000)
    public String lastError;
}
