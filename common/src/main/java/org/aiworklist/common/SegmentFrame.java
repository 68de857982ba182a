package org.aiworklist.common;

import java.util.Objects;

/**
 * One segment's mask on one source slice, in that slice's pixel grid (row-major, rows x columns values).
 * Values are 0/1 for a binary result and 0..255 (fraction x 255) for a fractional one.
 */
public record SegmentFrame(int segmentNumber, ImageReference sourceImage, int rows, int columns, byte[] values) {
    public SegmentFrame {
        Objects.requireNonNull(sourceImage, "sourceImage");
        Objects.requireNonNull(values, "values");
        if (rows < 1 || columns < 1 || values.length != rows * columns) {
            throw new IllegalArgumentException(
                    "mask of " + values.length + " values does not match " + rows + " x " + columns);
        }
    }
}
