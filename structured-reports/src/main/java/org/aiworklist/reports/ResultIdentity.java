package org.aiworklist.reports;

import java.util.Objects;
import org.aiworklist.common.UidRoot;

/**
 * Identity of one result document set. Every output UID is derived from it (see {@link DerivedUids}), so a
 * retried write or send produces the same objects.
 *
 * @param uidRoot                        the organisation's UID root, e.g. "1.2.826.0.1.3680043.10.1234"
 * @param jobKey                         stable key of the job (study, model, input set)
 * @param version                        job version; a re-run with changed input gets a higher one
 * @param predecessorSrSopInstanceUid    the SR this one supersedes, or null
 * @param predecessorSrSeriesInstanceUid that SR's series; may be null when the predecessor was written by this
 *                                       module for the same job key (the writer then re-derives it)
 */
public record ResultIdentity(
        String uidRoot,
        String jobKey,
        int version,
        String predecessorSrSopInstanceUid,
        String predecessorSrSeriesInstanceUid) {
    public ResultIdentity {
        new UidRoot(uidRoot); // rejects what cannot be a root before anything is derived from it
        if (Objects.requireNonNull(jobKey, "jobKey").isBlank()) {
            throw new IllegalArgumentException("jobKey must not be blank");
        }
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative: " + version);
        }
        if (predecessorSrSopInstanceUid == null && predecessorSrSeriesInstanceUid != null) {
            throw new IllegalArgumentException("a predecessor series needs the predecessor SOP Instance UID");
        }
    }

    public ResultIdentity(String uidRoot, String jobKey, int version, String predecessorSrSopInstanceUid) {
        this(uidRoot, jobKey, version, predecessorSrSopInstanceUid, null);
    }
}
