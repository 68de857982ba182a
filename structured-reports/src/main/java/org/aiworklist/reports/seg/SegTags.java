package org.aiworklist.reports.seg;

import com.pixelmed.dicom.AttributeTag;

/**
 * Segmentation attributes that PixelMed's TagFromName lacks (its dictionary knows them and their VRs): Segment
 * Description and Algorithm Identification macros (PS3.3 C.8.20.2, 10.16), Segments Overlap.
 */
final class SegTags {
    private SegTags() {}

    static final AttributeTag SEGMENT_ALGORITHM_NAME = new AttributeTag(0x0062, 0x0009);
    static final AttributeTag SEGMENTATION_ALGORITHM_IDENTIFICATION_SEQUENCE = new AttributeTag(0x0062, 0x0007);
    static final AttributeTag SEGMENTS_OVERLAP = new AttributeTag(0x0062, 0x0013);
    static final AttributeTag ALGORITHM_FAMILY_CODE_SEQUENCE = new AttributeTag(0x0066, 0x002F);
    static final AttributeTag ALGORITHM_NAME = new AttributeTag(0x0066, 0x0036);
    static final AttributeTag ALGORITHM_VERSION = new AttributeTag(0x0066, 0x0031);
    static final AttributeTag ALGORITHM_PARAMETERS = new AttributeTag(0x0066, 0x0032);
}
