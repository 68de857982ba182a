package org.aiworklist.dicom;

import java.nio.file.Path;

/**
 * What happened to one file of a send.
 *
 * @param status the C-STORE response status from the peer, or {@link #NOT_SENT} when the file never went out
 *               (unreadable, or no presentation context the peer accepted can carry it)
 */
public record FileOutcome(Path file, String sopInstanceUid, int status, String statusMeaning) {
    /** Not a DICOM status: the file was not sent at all. */
    public static final int NOT_SENT = -1;

    public boolean isSuccess() {
        return status == DimseStatus.SUCCESS;
    }

    /** Stored with a warning (0001, Bxxx, 0107, 0116): counts as stored, but worth a log line. */
    public boolean isWarning() {
        return DimseStatus.isWarning(status);
    }

    /** Out of resources (A7xx): the peer may take it later. */
    public boolean isRetryable() {
        return DimseStatus.isOutOfResources(status);
    }

    /** Refused for good (A9xx, Cxxx, 01xx, 02xx, not sent): resending the same bytes will not help. */
    public boolean isPermanentFailure() {
        return !isSuccess() && !isWarning() && !isRetryable();
    }
}
