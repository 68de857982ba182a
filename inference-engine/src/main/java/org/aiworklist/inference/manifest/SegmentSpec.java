package org.aiworklist.inference.manifest;

import org.aiworklist.common.CodedConcept;

/**
 * One segment a segmentation model produces and how the SEG codes it.
 *
 * @param index    output channel (probability maps) or label value (label maps) the segment comes from
 * @param label    short name viewers show (Segment Label)
 * @param category Segmented Property Category, e.g. SCT 91723000 "Anatomical structure"
 * @param type     Segmented Property Type, e.g. SCT 12738006 "Brain"
 */
public record SegmentSpec(int index, String label, CodedConcept category, CodedConcept type) {}
