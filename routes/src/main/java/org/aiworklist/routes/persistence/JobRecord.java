package org.aiworklist.routes.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;
import org.aiworklist.common.Priority;

/**
 * One model run on one study. Its identity is (study, model, model version, input set): the same input
 * never yields a second job; a changed input yields a new version that supersedes the earlier one.
 */
@Entity
@Table(
        name = "job",
        uniqueConstraints =
                @UniqueConstraint(columnNames = {"studyInstanceUid", "modelId", "modelVersion", "inputHash"}))
public class JobRecord {
    /** HQL order of waiting jobs, most urgent first: priority, triage classifiers within one, then the oldest. */
    public static final String MOST_URGENT_FIRST = " order by priority desc, triage desc, id";

    public enum State {
        QUEUED,
        INFERRING,
        RESULTS_READY,
        SENDING,
        DONE,
        FAILED,
        DEAD_LETTER,
        SUPERSEDED
    }

    @Id
    @GeneratedValue
    public Long id;

    @Column(length = 64, nullable = false)
    public String studyInstanceUid;

    @Column(length = 64, nullable = false)
    public String ruleName;

    @Column(length = 64, nullable = false)
    public String modelId;

    @Column(length = 32, nullable = false)
    public String modelVersion;

    @Column(length = 64, nullable = false)
    public String inputHash;
    /** 1 for the first result of this study and model, +1 for each re-run that supersedes it. */
    public int version;

    public Long supersedesJobId;

    @Enumerated(EnumType.STRING)
    @Column(length = 16, nullable = false)
    public State state = State.QUEUED;

    @Column(length = ReasonText.LENGTH)
    public String error;

    public Instant createdAt;
    /** When an ingest node put the job on the broker's job queue; null in a single box, or while not yet sent. */
    public Instant dispatchedAt;

    /** The device name of the node that last ran the job's model. */
    @Column(length = 64)
    public String inferredBy;

    public Instant inferenceStartedAt;
    public Instant resultsReadyAt;
    public Instant sendingAt;
    public Instant doneAt;
    public Integer findingCount;

    @Column(length = 1024)
    public String resultDirectory;

    @Column(length = 64)
    public String srSopInstanceUid;

    @Column(length = 64)
    public String srSeriesInstanceUid;
    /** When retention deleted the result directory (null: still kept); the job itself stays as history. */
    public Instant resultsPurgedAt;

    /** The rule's, or higher once a triage classifier found the study positive; more urgent jobs run first. */
    @Convert(converter = PriorityColumn.class)
    @Column(nullable = false)
    public Priority priority = Priority.ROUTINE;

    /** Why the job has its priority: the rule, or the classifier verdict that raised it. */
    @Column(length = 128)
    public String priorityReason;

    /** The job runs a triage classifier, whose verdict may raise the study's priority: it runs first at its level. */
    public boolean triage;
}
