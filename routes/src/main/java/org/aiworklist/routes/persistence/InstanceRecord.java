package org.aiworklist.routes.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;

/**
 * One received object as stored in the spool. The same SOP Instance UID may appear twice only with
 * different content, and then the later one is flagged as a conflict: nothing is silently overwritten.
 */
@Entity
@Table(
        name = "instance",
        uniqueConstraints = @UniqueConstraint(columnNames = {"sopInstanceUid", "contentSha256"}),
        indexes = {
            @Index(columnList = "studyInstanceUid"),
            @Index(columnList = "sopInstanceUid"),
            @Index(columnList = "contentSha256")
        })
public class InstanceRecord {
    @Id
    @GeneratedValue
    public Long id;

    @Column(length = 64, nullable = false)
    public String sopInstanceUid;

    @Column(length = 64, nullable = false)
    public String sopClassUid;

    @Column(length = 64, nullable = false)
    public String seriesInstanceUid;

    @Column(length = 64, nullable = false)
    public String studyInstanceUid;

    @Column(length = 64)
    public String transferSyntaxUid;

    @Column(length = 1024, nullable = false)
    public String path;

    @Column(length = 64, nullable = false)
    public String contentSha256;

    public long sizeBytes;

    @Column(length = 16)
    public String callingAeTitle;

    public Integer instanceNumber;
    public Instant receivedAt;
    /** Set when this content differs from an earlier instance with the same SOP Instance UID. */
    public boolean conflict;
    /** Study generation at arrival: instances of a later generation are late arrivals. */
    public int generation;
    /**
     * When retention deleted the spool file (null: still kept). The row stays: it is the study's history, and
     * an identical copy sent again is still recognised as a duplicate.
     */
    public Instant purgedAt;
}
