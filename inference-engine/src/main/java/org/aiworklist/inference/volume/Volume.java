package org.aiworklist.inference.volume;

import java.util.Arrays;
import java.util.List;
import org.aiworklist.common.ImageReference;

/**
 * One series as a float volume of modality values (HU for CT), resampled to the model's spacing, plus just
 * enough geometry to map voxels back to patient millimetres and to source-image pixels. Voxel (k, j, i) is
 * slice k along the normal (ascending), row j, column i.
 */
public final class Volume {
    private final float[] voxels;
    private final int depth;
    private final int height;
    private final int width;
    private final double[] spacing;
    private final double[] sourcePixelSpacing;
    private final int sourceRows;
    private final int sourceColumns;
    private final double[] origin;
    private final double[] orientation;
    private final double[] normal;
    private final String frameOfReferenceUid;
    private final List<SourceSlice> sources;

    /**
     * @param spacing            z, row, column spacing of the voxels (mm)
     * @param sourcePixelSpacing row, column spacing of the source images (mm)
     * @param sourceSize         rows, columns of the source images
     * @param origin             patient position of voxel (0,0,0), null for projection images
     * @param orientation        source Image Orientation (Patient), null for projection images
     * @param sources            source images in ascending normal order
     */
    Volume(
            float[] voxels,
            int depth,
            int height,
            int width,
            double[] spacing,
            double[] sourcePixelSpacing,
            int[] sourceSize,
            double[] origin,
            double[] orientation,
            String frameOfReferenceUid,
            List<SourceSlice> sources) {
        if (voxels.length != depth * height * width) {
            throw new IllegalArgumentException("voxel count does not match dimensions");
        }
        this.voxels = voxels;
        this.depth = depth;
        this.height = height;
        this.width = width;
        this.spacing = spacing.clone();
        this.sourcePixelSpacing = sourcePixelSpacing.clone();
        this.sourceRows = sourceSize[0];
        this.sourceColumns = sourceSize[1];
        this.origin = origin;
        this.orientation = orientation;
        this.normal = orientation == null ? null : normalOf(orientation);
        this.frameOfReferenceUid = frameOfReferenceUid;
        this.sources = List.copyOf(sources);
    }

    /** Slice normal (row direction x column direction) of an Image Orientation (Patient). */
    public static double[] normalOf(double[] o) {
        return new double[] {o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
    }

    public int depth() {
        return depth;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** z, row, column spacing in mm. */
    public double[] spacing() {
        return spacing.clone();
    }

    public double voxelVolumeMm3() {
        return spacing[0] * spacing[1] * spacing[2];
    }

    /** The voxel array itself (z-major, then rows): callers read it, never keep or change it. */
    public float[] voxels() {
        return voxels;
    }

    public float at(int k, int j, int i) {
        return voxels[(k * height + j) * width + i];
    }

    /** False for a projection image: no patient coordinates. */
    public boolean volumetric() {
        return origin != null;
    }

    public String frameOfReferenceUid() {
        return frameOfReferenceUid;
    }

    public List<SourceSlice> sources() {
        return sources;
    }

    public List<ImageReference> references() {
        return sources.stream().map(SourceSlice::reference).toList();
    }

    /**
     * Unit vectors in the patient of the column (i), row (j) and slice (k) axes, for sizes measured along them.
     *
     * @throws IllegalStateException for a projection image, which has no patient axes
     */
    public double[][] axes() {
        if (orientation == null) {
            throw new IllegalStateException("a projection image has no patient axes");
        }
        return new double[][] {
            Arrays.copyOfRange(orientation, 0, 3), Arrays.copyOfRange(orientation, 3, 6), normal.clone()
        };
    }

    /** Patient coordinates (mm) of a fractional voxel position. */
    public double[] toPatient(double k, double j, double i) {
        if (origin == null) {
            throw new IllegalStateException("a projection image has no patient coordinates");
        }
        double[] p = new double[3];
        for (int a = 0; a < 3; a++) {
            p[a] = origin[a]
                    + i * spacing[2] * orientation[a]
                    + j * spacing[1] * orientation[3 + a]
                    + k * spacing[0] * normal[a];
        }
        return p;
    }

    /** Fractional voxel position (k, j, i) of a patient point. */
    public double[] toVoxel(double[] patient) {
        double[] d = {patient[0] - origin[0], patient[1] - origin[1], patient[2] - origin[2]};
        return new double[] {
            dot(d, normal, 0) / spacing[0], dot(d, orientation, 3) / spacing[1], dot(d, orientation, 0) / spacing[2]
        };
    }

    private static double dot(double[] d, double[] v, int offset) {
        return d[0] * v[offset] + d[1] * v[offset + 1] + d[2] * v[offset + 2];
    }

    /** Source-image column (0-based pixel units) of a fractional voxel column; all slices share in-plane geometry. */
    public double sourceColumn(double i) {
        return i * spacing[2] / sourcePixelSpacing[1];
    }

    public double sourceRow(double j) {
        return j * spacing[1] / sourcePixelSpacing[0];
    }

    /** Fractional voxel row of a source-image row; the inverse of {@link #sourceRow}. */
    public double voxelRow(double sourceRow) {
        return sourceRow * sourcePixelSpacing[0] / spacing[1];
    }

    /** Fractional voxel column of a source-image column; the inverse of {@link #sourceColumn}. */
    public double voxelColumn(double sourceColumn) {
        return sourceColumn * sourcePixelSpacing[1] / spacing[2];
    }

    /** Fractional voxel slice of a source image, from its position along the normal. */
    public double voxelSlice(SourceSlice source) {
        return sources.size() == 1 ? 0 : (source.normalMm() - sources.get(0).normalMm()) / spacing[0];
    }

    /** Rows of each source image. */
    public int sourceRows() {
        return sourceRows;
    }

    /** Columns of each source image. */
    public int sourceColumns() {
        return sourceColumns;
    }

    /**
     * Volume of one source voxel (mm³): pixel area times the median distance between source slices, or the
     * thickness of this volume's single slice.
     */
    public double sourceVoxelVolumeMm3() {
        double area = sourcePixelSpacing[0] * sourcePixelSpacing[1];
        if (sources.size() == 1) {
            return area * spacing[0];
        }
        double[] gaps = new double[sources.size() - 1];
        for (int s = 1; s < sources.size(); s++) {
            gaps[s - 1] = sources.get(s).normalMm() - sources.get(s - 1).normalMm();
        }
        Arrays.sort(gaps);
        return area * gaps[gaps.length / 2];
    }

    /** Direction (patient unit vector) in which voxel index {@code axis} grows: 0 slice, 1 row, 2 column. */
    public double[] axisDirection(int axis) {
        if (orientation == null) {
            throw new IllegalStateException("a projection image has no patient directions");
        }
        return switch (axis) {
            case 0 -> normal.clone();
            case 1 -> new double[] {orientation[3], orientation[4], orientation[5]};
            default -> new double[] {orientation[0], orientation[1], orientation[2]};
        };
    }

    /** The source image whose plane is nearest to fractional slice {@code k}. */
    public SourceSlice nearestSource(double k) {
        if (sources.size() == 1) {
            return sources.get(0);
        }
        double target = sources.get(0).normalMm() + k * spacing[0];
        int lo = 0;
        int hi = sources.size() - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (sources.get(mid).normalMm() <= target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return target - sources.get(lo).normalMm() <= sources.get(hi).normalMm() - target
                ? sources.get(lo)
                : sources.get(hi);
    }
}
