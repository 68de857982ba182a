package org.aiworklist.dicom;

import java.nio.file.Path;

/** Told about every input the Storage SCP refused and kept aside in the quarantine folder. */
public interface QuarantineListener {
    /**
     * Called once an input has been refused and moved to the quarantine folder.
     *
     * @param file the quarantined data (a reason file with the same name plus ".reason.txt" lies beside it)
     */
    void quarantined(Path file, String reason, String callingAeTitle);
}
