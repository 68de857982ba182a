package org.aiworklist.routes.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Input the Storage SCP refused, kept with its reason so an operator can see and act on it. */
@Entity
@Table(name = "quarantine")
public class QuarantineRecord {
    @Id
    @GeneratedValue
    public Long id;

    @Column(length = 1024, nullable = false)
    public String path;

    @Column(length = ReasonText.LENGTH, nullable = false)
    public String reason;

    @Column(length = 16)
    public String callingAeTitle;

    public Instant quarantinedAt;
}
