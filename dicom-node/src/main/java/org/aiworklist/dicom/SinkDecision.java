package org.aiworklist.dicom;

/** What the index made of a received instance; each is acknowledged with 0000. */
public enum SinkDecision {
    /** New instance, row committed. */
    STORED,
    /**
     * Same SOP Instance UID and same content (contentSha256) as an instance already held. Spool files are named
     * by content, so the new copy already is that instance's file: there is nothing to remove.
     */
    DUPLICATE_IDENTICAL,
    /** Same SOP Instance UID, different content: both copies are kept and the conflict is flagged. */
    CONFLICT_KEPT
}
