package org.aiworklist.common.phantom;

/**
 * What {@link HeadMrPhantom} should generate: an axial T1-weighted head series. The same spec always gives the
 * same voxels and brain mask.
 *
 * @param slices           axial slices, from above the vertex down to below the cerebellum by default
 * @param rows             image rows (front to back)
 * @param columns          image columns (right to left)
 * @param pixelSpacingMm   in-plane spacing, equal for rows and columns
 * @param sliceThicknessMm slice thickness, also the spacing between slice positions
 * @param seed             drives head size and position, folding, bias field and noise
 */
public record HeadMrSpec(int slices, int rows, int columns, double pixelSpacingMm, double sliceThicknessMm, long seed)
        implements AxialGrid {
    public HeadMrSpec {
        if (slices < 3 || rows < 32 || columns < 32) {
            throw new IllegalArgumentException(
                    "phantom needs at least 3 slices of 32x32: " + slices + "x" + rows + "x" + columns);
        }
        if (!(pixelSpacingMm > 0) || !(sliceThicknessMm > 0)) {
            throw new IllegalArgumentException("spacing must be positive");
        }
    }

    /** A 1 mm isotropic adult head with a few millimetres of air around it: 160 slices of 216 x 176, seed 1. */
    public static HeadMrSpec defaults() {
        return new HeadMrSpec(160, 216, 176, 1.0, 1.0, 1);
    }

    /** The same field of view sampled at {@code spacingMm} in all three directions (slice counts rounded). */
    public HeadMrSpec withSpacing(double spacingMm) {
        return new HeadMrSpec(
                (int) Math.round(slices * sliceThicknessMm / spacingMm),
                (int) Math.round(rows * pixelSpacingMm / spacingMm),
                (int) Math.round(columns * pixelSpacingMm / spacingMm),
                spacingMm,
                spacingMm,
                seed);
    }

    public HeadMrSpec withSeed(long newSeed) {
        return new HeadMrSpec(slices, rows, columns, pixelSpacingMm, sliceThicknessMm, newSeed);
    }
}
