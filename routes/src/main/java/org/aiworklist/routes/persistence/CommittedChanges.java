package org.aiworklist.routes.persistence;

/**
 * Told what each committed transaction changed, after the commit: for those who only watch (the live page, the
 * metrics), never for deciding. Changes made by another node sharing the database are not seen. Called on the
 * committing thread: return quickly, and never change the records given.
 */
public interface CommittedChanges {
    /**
     * A job was created or changed.
     *
     * @param before the job as it was before this transaction; null when the transaction created it
     */
    default void job(JobRecord job, JobRecord before) {}

    /**
     * An export was created or changed.
     *
     * @param before the export as it was before this transaction; null when the transaction created it
     */
    default void export(ExportRecord export, ExportRecord before) {}

    /**
     * A study was created or changed (an instance received, assembly done).
     *
     * @param before the study as it was before this transaction; null when the transaction created it
     */
    default void study(StudyRecord study, StudyRecord before) {}

    default void quarantined(QuarantineRecord record) {}
}
