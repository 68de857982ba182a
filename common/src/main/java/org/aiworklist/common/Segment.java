package org.aiworklist.common;

import java.util.Objects;

/**
 * One segment of a segmentation result, toolkit-neutral: what the SEG's Segment Sequence item and the SR's TID 1411
 * group say about it.
 *
 * @param number     Segment Number, 1-based and unique within the result
 * @param label      short label shown by viewers (Segment Label)
 * @param category   Segmented Property Category (CID 7150, e.g. SCT 91723000 "Anatomical structure")
 * @param type       Segmented Property Type (CID 7151 and others, e.g. SCT 12738006 "Brain")
 * @param volumeMm3  volume of the segment in mm³ (sum of fractions times voxel volume for a fractional result)
 */
public record Segment(int number, String label, CodedConcept category, CodedConcept type, double volumeMm3) {
    public Segment {
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("segment number must be 1..65535: " + number);
        }
        if (Objects.requireNonNull(label, "label").isBlank()) {
            throw new IllegalArgumentException("segment label must not be blank");
        }
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(type, "type");
        if (!(volumeMm3 >= 0)) {
            throw new IllegalArgumentException("segment volume must be >= 0: " + volumeMm3);
        }
    }
}
