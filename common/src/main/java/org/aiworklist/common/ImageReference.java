package org.aiworklist.common;

import java.util.Objects;

/** Identifies one source instance: enough for SR evidence, Image Library and SC source references. */
public record ImageReference(
        String studyInstanceUid, String seriesInstanceUid, String sopClassUid, String sopInstanceUid) {
    public ImageReference {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        Objects.requireNonNull(sopClassUid, "sopClassUid");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
    }
}
