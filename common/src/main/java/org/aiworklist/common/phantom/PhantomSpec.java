package org.aiworklist.common.phantom;

/**
 * What {@link ChestPhantom} should generate. The same spec and seed always give the same voxels and truth.
 *
 * @param slices              number of axial slices
 * @param rows                image rows (256 by default; 512 with 0.7 mm spacing gives the same field of view)
 * @param columns             image columns
 * @param pixelSpacingMm      in-plane spacing, equal for rows and columns
 * @param sliceThicknessMm    slice thickness, also used as the spacing between slice positions
 * @param noduleCount         nodules to plant (fewer if the lungs cannot hold that many apart from each other)
 * @param minNoduleDiameterMm smallest planted diameter
 * @param maxNoduleDiameterMm largest planted diameter
 * @param seed                drives anatomy, vessels, nodules and noise
 */
public record PhantomSpec(
        int slices,
        int rows,
        int columns,
        double pixelSpacingMm,
        double sliceThicknessMm,
        int noduleCount,
        double minNoduleDiameterMm,
        double maxNoduleDiameterMm,
        long seed)
        implements AxialGrid {

    public PhantomSpec {
        if (slices < 3 || rows < 32 || columns < 32) {
            throw new IllegalArgumentException(
                    "phantom needs at least 3 slices of 32x32: " + slices + "x" + rows + "x" + columns);
        }
        if (!(pixelSpacingMm > 0) || !(sliceThicknessMm > 0)) {
            throw new IllegalArgumentException("spacing must be positive");
        }
        if (noduleCount < 0 || !(minNoduleDiameterMm > 0) || maxNoduleDiameterMm < minNoduleDiameterMm) {
            throw new IllegalArgumentException("bad nodule count or diameter range");
        }
    }

    /** 120 slices of 256² at 1.4 mm, 2.5 mm apart, 4 nodules of 5–14 mm, seed 1. */
    public static PhantomSpec defaults() {
        return new PhantomSpec(120, 256, 256, 1.4, 2.5, 4, 5, 14, 1);
    }

    public PhantomSpec withSeed(long newSeed) {
        return withContent(noduleCount, minNoduleDiameterMm, maxNoduleDiameterMm, newSeed);
    }

    public PhantomSpec withSlices(int newSlices) {
        return withGeometry(newSlices, rows, columns, pixelSpacingMm, sliceThicknessMm);
    }

    /** Square matrix of {@code size}² pixels at {@code spacingMm}. */
    public PhantomSpec withMatrix(int size, double spacingMm) {
        return withGeometry(slices, size, size, spacingMm, sliceThicknessMm);
    }

    public PhantomSpec withSliceThickness(double thicknessMm) {
        return withGeometry(slices, rows, columns, pixelSpacingMm, thicknessMm);
    }

    public PhantomSpec withNodules(int count, double minDiameterMm, double maxDiameterMm) {
        return withContent(count, minDiameterMm, maxDiameterMm, seed);
    }

    /** This spec with another grid: the same nodules and seed. */
    private PhantomSpec withGeometry(
            int newSlices, int newRows, int newColumns, double newPixelSpacingMm, double newSliceThicknessMm) {
        return new PhantomSpec(
                newSlices,
                newRows,
                newColumns,
                newPixelSpacingMm,
                newSliceThicknessMm,
                noduleCount,
                minNoduleDiameterMm,
                maxNoduleDiameterMm,
                seed);
    }

    /** This spec with other nodules and seed on the same grid. */
    private PhantomSpec withContent(int count, double minDiameterMm, double maxDiameterMm, long newSeed) {
        return new PhantomSpec(
                slices, rows, columns, pixelSpacingMm, sliceThicknessMm, count, minDiameterMm, maxDiameterMm, newSeed);
    }
}
