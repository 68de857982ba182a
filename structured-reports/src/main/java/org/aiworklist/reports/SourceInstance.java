package org.aiworklist.reports;

import java.nio.file.Path;
import java.util.Objects;
import org.aiworklist.common.ImageReference;

/** A source image and the DICOM file holding it: header attributes and pixels are read from the file. */
public record SourceInstance(ImageReference reference, Path file) {
    public SourceInstance {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(file, "file");
    }
}
