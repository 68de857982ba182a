package org.aiworklist.reports.seg;

import com.pixelmed.dicom.AttributeList;
import java.util.Objects;
import org.aiworklist.common.ImageReference;

/** A source slice of a segmentation: its reference and the header attributes (geometry) the SEG copies. */
public record SourceSlice(ImageReference reference, AttributeList header) {
    public SourceSlice {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(header, "header");
    }
}
