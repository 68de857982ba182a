package org.aiworklist.reports;

import java.nio.file.Path;

/** One DICOM file a writer produced, with the UIDs routes needs to send it and to reference it later. */
public record WrittenObject(Path file, String sopClassUid, String sopInstanceUid, String seriesInstanceUid) {}
