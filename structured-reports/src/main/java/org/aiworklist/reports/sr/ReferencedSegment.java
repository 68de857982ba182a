package org.aiworklist.reports.sr;

import java.util.Objects;
import org.aiworklist.common.ImageReference;

/** One segment of a DICOM Segmentation, as TID 1411's "Referenced Segment" (121191) names it. */
public record ReferencedSegment(ImageReference segmentation, int segmentNumber) {
    /** Segmentation Storage. */
    public static final String SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4";

    public ReferencedSegment {
        Objects.requireNonNull(segmentation, "segmentation");
        if (!SEGMENTATION_STORAGE.equals(segmentation.sopClassUid())) {
            throw new IllegalArgumentException(
                    "a referenced segment lies in a Segmentation, not in " + segmentation.sopClassUid());
        }
        if (segmentNumber < 1 || segmentNumber > 65535) {
            throw new IllegalArgumentException("segment number must be 1..65535: " + segmentNumber);
        }
    }

    ContentItem item() {
        return ContentItem.segment(
                ContentItem.Relationship.CONTAINS, Codes.REFERENCED_SEGMENT, segmentation, segmentNumber);
    }
}
