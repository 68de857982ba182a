package org.aiworklist.dicom;

/** What the index made of a received instance; each is acknowledged with 0000. */
public enum SinkDecision {
    /** New instance, row committed. */
    STORED,
    /** Same SOP Instance UID and same content as an instance already held: the new spool copy is removed. */
    DUPLICATE_IDENTICAL,
    /** Same SOP Instance UID, different content: both copies are kept and the conflict is flagged. */
    CONFLICT_KEPT
}
