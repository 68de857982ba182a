package org.aiworklist.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/** One SOP instance, named as Storage Commitment names it: SOP class and SOP instance UID. */
public record SopReference(String sopClassUid, String sopInstanceUid) {
    public SopReference {
        Objects.requireNonNull(sopClassUid, "sopClassUid");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
    }

    /** The SOP a PS3.10 file holds, from its meta header. */
    public static SopReference of(Path part10File) throws IOException {
        Part10File f = Part10File.read(part10File);
        return new SopReference(f.sopClassUid(), f.sopInstanceUid());
    }
}
