package org.aiworklist.common;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A segmentation model's result on the source slices: its segments and, for each, the masks of the slices it covers
 * (slices where a segment is empty need no frame).
 *
 * @param fractional true when the values are probabilities (a FRACTIONAL PROBABILITY SEG), false for 0/1 masks
 */
public record Segmentation(List<Segment> segments, boolean fractional, List<SegmentFrame> frames) {
    public Segmentation {
        segments = List.copyOf(segments);
        frames = List.copyOf(frames);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a segmentation needs at least one segment");
        }
        Set<Integer> numbers = new HashSet<>();
        for (Segment s : segments) {
            if (!numbers.add(s.number())) {
                throw new IllegalArgumentException("segment number " + s.number() + " is used twice");
            }
        }
        for (SegmentFrame f : frames) {
            if (!numbers.contains(f.segmentNumber())) {
                throw new IllegalArgumentException("frame of undefined segment " + f.segmentNumber());
            }
            Objects.requireNonNull(f.sourceImage());
        }
    }
}
