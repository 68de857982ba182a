package org.aiworklist.routes.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A study as the node sees it: who it belongs to (PHI stays in this table) and where assembly stands. Updates write
 * only the columns a transaction changed: the index feed, assembly and the API change one study at once, and a
 * whole-row update from one would put back what another had just committed (an operator's forced completion was lost
 * to the feed recording the study's last instances).
 */
@Entity
@Table(name = "study")
@DynamicUpdate
public class StudyRecord {
    public enum State {
        RECEIVING,
        COMPLETE,
        DISCARDED
    }

    static final int PATIENT_ID_LENGTH = 64;
    static final int PATIENT_NAME_LENGTH = 324;
    static final int ACCESSION_NUMBER_LENGTH = 16;
    static final int DESCRIPTION_LENGTH = 64;
    static final int MODALITIES_LENGTH = 64;

    @Id
    @Column(length = 64)
    public String studyInstanceUid;

    @Column(length = PATIENT_ID_LENGTH)
    public String patientId;

    @Column(length = PATIENT_NAME_LENGTH)
    public String patientName;

    @Column(length = ACCESSION_NUMBER_LENGTH)
    public String accessionNumber;

    @Column(length = DESCRIPTION_LENGTH)
    public String studyDescription;
    /** Modalities of the study's series, sorted, joined by a backslash as DICOM's Modalities in Study. */
    @Column(length = MODALITIES_LENGTH)
    public String modalitiesInStudy;

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
