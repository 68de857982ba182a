package org.aiworklist.routes.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A study as the node sees it: who it belongs to (PHI stays in this table) and where assembly stands. */
@Entity
@Table(name = "study")
public class StudyRecord {
    public enum State {
        RECEIVING,
        COMPLETE,
        DISCARDED
    }

    static final int PATIENT_ID_LENGTH = 64;
    static final int PATIENT_NAME_LENGTH = 324;

    @Id
    @Column(length = 64)
    public String studyInstanceUid;

    @Column(length = PATIENT_ID_LENGTH)
    public String patientId;

    @Column(length = PATIENT_NAME_LENGTH)
    public String patientName;

    @Enumerated(EnumType.STRING)
    @Column(length = 16, nullable = false)
    public State state = State.RECEIVING;

    public Instant firstReceivedAt;
    public Instant lastReceivedAt;
    public Instant completedAt;
    /** Why assembly ended: quiet period, expected count, max age, forced. */
    @Column(length = 64)
    public String completionReason;
    /** Number of Study Related Instances (0020,1208) as announced by the sender, when present. */
    public Integer expectedInstances;

    public int instanceCount;
    /** Bumped each time late arrivals reopen a completed study, so the re-run is a new job version. */
    public int generation;

    public boolean forceComplete;
}
