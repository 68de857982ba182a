package org.aiworklist.dicom;

/** Told the status of every C-STORE the Storage SCP answers, and who sent it: for counting, never for deciding. */
@FunctionalInterface
public interface IntakeObserver {
    IntakeObserver NONE = (callingAeTitle, status) -> {};

    /** Called on the association's thread just before the C-STORE-RSP goes out; must return quickly. */
    void answered(String callingAeTitle, int status);
}
