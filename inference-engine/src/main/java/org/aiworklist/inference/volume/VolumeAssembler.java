package org.aiworklist.inference.volume;

import static org.aiworklist.inference.volume.VolumeException.Reason.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.aiworklist.common.ImageSlice;

/**
 * Builds a {@link Volume} from a streamed series. Each slice is checked against the first, resampled in-plane to
 * the target spacing as it arrives and then dropped, so a study's pixels are never held twice at source
 * resolution; after sorting along the slice normal the stack is resampled along z.
 */
public final class VolumeAssembler {
    private static final double ORIENTATION_TOLERANCE = 1e-3;
    private static final double DUPLICATE_TOLERANCE_MM = 0.01;
    private static final double GAP_FACTOR = 1.5;

    private final TargetSpacing targetSpacing;

    /**
     * The spacing a series is resampled to, decided on its first slice: a model that declares spacing per patient
     * axis needs to know which way the slices lie.
     */
    @FunctionalInterface
    public interface TargetSpacing {
        /**
         * Returns z, row, column spacing (mm) for a series whose first slice has {@code imageOrientationPatient}
         * (null for projection images), or null to keep the source spacing.
         */
        double[] of(double[] imageOrientationPatient);
    }

    /** @param targetSpacingMm z, row, column spacing of the volume; null keeps the source spacing */
    public VolumeAssembler(double[] targetSpacingMm) {
        this(fixed(targetSpacingMm));
    }

    private VolumeAssembler(TargetSpacing targetSpacing) {
        this.targetSpacing = targetSpacing;
    }

    /** An assembler whose spacing is decided per series, on its first slice. */
    public static VolumeAssembler withSpacing(TargetSpacing rule) {
        return new VolumeAssembler(rule);
    }

    private static TargetSpacing fixed(double[] spacingMm) {
        if (spacingMm != null && spacingMm.length != 3) {
            throw new IllegalArgumentException("target spacing needs z, row, column");
        }
        double[] copy = spacingMm == null ? null : spacingMm.clone();
        return orientation -> copy;
    }

    /** A per-slice acceptance test (a model's input contract), run before the slice's pixels are used. */
    @FunctionalInterface
    public interface SliceCheck {
        void accept(ImageSlice slice) throws VolumeException;
    }

    private record Pending(double normalMm, float[] plane, SourceSlice source) {}

    /** In-plane resampling from a source pixel grid to the target spacing; the same for every slice of a series. */
    private record InPlane(Resampling alongRows, Resampling alongColumns, double[] spacing) {
        float[] resample(ImageSlice slice) {
            return Resampling.plane(slice.values(), slice.rows(), slice.columns(), alongRows, alongColumns);
        }
    }

    private static InPlane inPlane(ImageSlice slice, double[] target) {
        double[] ps = slice.pixelSpacing();
        double[] spacing = {target == null ? ps[0] : target[1], target == null ? ps[1] : target[2]};
        return new InPlane(
                Resampling.regular(slice.rows(), ps[0], spacing[0]),
                Resampling.regular(slice.columns(), ps[1], spacing[1]),
                spacing);
    }

    public Volume assemble(Iterable<ImageSlice> series) throws VolumeException {
        return assemble(series, slice -> {});
    }

    public Volume assemble(Iterable<ImageSlice> series, SliceCheck check) throws VolumeException {
        ImageSlice first = null;
        double[] normal = null;
        InPlane inPlane = null;
        double[] target = null;
        List<Pending> pending = new ArrayList<>();
        for (ImageSlice slice : series) {
            check.accept(slice);
            if (first == null) {
                requireGeometry(slice);
                first = slice;
                normal = Volume.normalOf(slice.imageOrientationPatient());
                target = spacingFor(slice.imageOrientationPatient());
                inPlane = inPlane(slice, target);
            } else {
                checkConsistent(first, slice, normal);
            }
            double normalMm = dot(slice.imagePositionPatient(), normal);
            pending.add(new Pending(
                    normalMm,
                    inPlane.resample(slice),
                    new SourceSlice(
                            slice.reference(), slice.imagePositionPatient().clone(), normalMm)));
        }
        if (first == null) {
            throw new VolumeException(EMPTY, "the series has no images");
        }
        pending.sort(Comparator.comparingDouble(Pending::normalMm));
        double sliceSpacing = checkSpacing(pending);
        return stack(first, normal, inPlane, pending, sliceSpacing, target);
    }

    /** The 2D path for CR/DX: one projection image, resampled in-plane, no patient coordinates. */
    public Volume planar(ImageSlice image) throws VolumeException {
        double[] ps = image.pixelSpacing();
        if (ps == null || ps.length != 2 || !(ps[0] > 0) || !(ps[1] > 0)) {
            throw new VolumeException(NO_GEOMETRY, "pixel spacing unknown: cannot resample to the model's spacing");
        }
        InPlane inPlane = inPlane(image, spacingFor(image.imageOrientationPatient()));
        return new Volume(
                inPlane.resample(image),
                1,
                inPlane.alongRows().outputCount(),
                inPlane.alongColumns().outputCount(),
                new double[] {
                    image.sliceThickness() > 0 ? image.sliceThickness() : 1, inPlane.spacing()[0], inPlane.spacing()[1]
                },
                ps,
                new int[] {image.rows(), image.columns()},
                null,
                null,
                null,
                List.of(new SourceSlice(image.reference(), null, 0)));
    }

    private double[] spacingFor(double[] imageOrientationPatient) {
        double[] spacing = targetSpacing.of(imageOrientationPatient);
        if (spacing != null && spacing.length != 3) {
            throw new IllegalArgumentException("target spacing needs z, row, column");
        }
        return spacing;
    }

    private static void requireGeometry(ImageSlice slice) throws VolumeException {
        if (!slice.hasGeometry()
                || slice.imagePositionPatient().length != 3
                || slice.imageOrientationPatient().length != 6
                || slice.pixelSpacing().length != 2) {
            throw new VolumeException(NO_GEOMETRY, "slice without image position, orientation or pixel spacing");
        }
    }

    private static void checkConsistent(ImageSlice first, ImageSlice slice, double[] normal) throws VolumeException {
        requireGeometry(slice);
        if (!first.reference().seriesInstanceUid().equals(slice.reference().seriesInstanceUid())) {
            throw new VolumeException(MIXED_SERIES, "slices from more than one series");
        }
        if (first.rows() != slice.rows() || first.columns() != slice.columns()) {
            throw new VolumeException(
                    MIXED_DIMENSIONS,
                    first.rows() + "x" + first.columns() + " and " + slice.rows() + "x" + slice.columns());
        }
        for (int i = 0; i < 6; i++) {
            if (Math.abs(first.imageOrientationPatient()[i] - slice.imageOrientationPatient()[i])
                    > ORIENTATION_TOLERANCE) {
                throw new VolumeException(
                        MIXED_ORIENTATION,
                        Arrays.toString(first.imageOrientationPatient()) + " and "
                                + Arrays.toString(slice.imageOrientationPatient()));
            }
        }
        for (int i = 0; i < 2; i++) {
            if (Math.abs(first.pixelSpacing()[i] - slice.pixelSpacing()[i]) > 1e-3 * first.pixelSpacing()[i]) {
                throw new VolumeException(
                        MIXED_SPACING,
                        Arrays.toString(first.pixelSpacing()) + " and " + Arrays.toString(slice.pixelSpacing()));
            }
        }
        if (!Objects.equals(first.frameOfReferenceUid(), slice.frameOfReferenceUid())) {
            throw new VolumeException(MIXED_FRAME_OF_REFERENCE, "slices in more than one frame of reference");
        }
        // Positions must differ only along the normal: anything else is a gantry tilt or a shifted acquisition.
        double[] d = new double[3];
        for (int a = 0; a < 3; a++) {
            d[a] = slice.imagePositionPatient()[a] - first.imagePositionPatient()[a];
        }
        double along = dot(d, normal);
        double offAxis = Math.sqrt(Math.max(0, dot(d, d) - along * along));
        if (offAxis > 0.5 * Math.min(first.pixelSpacing()[0], first.pixelSpacing()[1])) {
            throw new VolumeException(
                    TILTED, String.format(Locale.ROOT, "slice offset %.2f mm off the slice normal", offAxis));
        }
    }

    /** Median spacing along the normal; duplicates and gaps are errors, not something to interpolate over. */
    private static double checkSpacing(List<Pending> sorted) throws VolumeException {
        if (sorted.size() == 1) {
            return 0;
        }
        double[] gaps = new double[sorted.size() - 1];
        for (int i = 1; i < sorted.size(); i++) {
            gaps[i - 1] = sorted.get(i).normalMm() - sorted.get(i - 1).normalMm();
            if (gaps[i - 1] < DUPLICATE_TOLERANCE_MM) {
                throw new VolumeException(
                        DUPLICATE_SLICE,
                        String.format(
                                Locale.ROOT,
                                "two slices at %.2f mm along the normal",
                                sorted.get(i).normalMm()));
            }
        }
        double[] ordered = gaps.clone();
        Arrays.sort(ordered);
        double median = ordered[ordered.length / 2];
        for (int i = 0; i < gaps.length; i++) {
            if (gaps[i] > GAP_FACTOR * median) {
                throw new VolumeException(
                        MISSING_SLICE,
                        String.format(
                                Locale.ROOT,
                                "gap of %.2f mm after slice %d of %d (median spacing %.2f mm)",
                                gaps[i],
                                i + 1,
                                sorted.size(),
                                median));
            }
        }
        return median;
    }

    private static Volume stack(
            ImageSlice first,
            double[] normal,
            InPlane inPlane,
            List<Pending> sorted,
            double sliceSpacing,
            double[] target) {
        int height = inPlane.alongRows().outputCount();
        int width = inPlane.alongColumns().outputCount();
        double spacingZ =
                sorted.size() == 1 ? Math.max(first.sliceThickness(), 1e-3) : target == null ? sliceSpacing : target[0];
        double[] positions = sorted.stream().mapToDouble(Pending::normalMm).toArray();
        int depth = sorted.size() == 1 ? 1 : Resampling.outputCount(positions, spacingZ);
        Resampling alongZ = Resampling.of(positions, Math.max(sliceSpacing, 1e-3), spacingZ, depth);
        int planeSize = height * width;
        float[] voxels = new float[depth * planeSize];
        float[][] planes = new float[sorted.size()][];
        for (int i = 0; i < planes.length; i++) {
            planes[i] = sorted.get(i).plane();
        }
        List<SourceSlice> sources = sorted.stream().map(Pending::source).toList();
        sorted.clear();
        for (int k = 0; k < depth; k++) {
            float[] w = alongZ.weights(k);
            int f = alongZ.first(k);
            int dst = k * planeSize;
            for (int s = 0; s < w.length; s++) {
                float[] plane = planes[f + s];
                float ws = w[s];
                for (int p = 0; p < planeSize; p++) {
                    voxels[dst + p] += ws * plane[p];
                }
            }
            // Planes no later output reads are released at once, keeping the peak near one volume.
            int keepFrom = k + 1 < depth ? alongZ.first(k + 1) : planes.length;
            for (int s = 0; s < keepFrom; s++) {
                planes[s] = null;
            }
        }
        double[] origin = first.imagePositionPatient().clone();
        double shift = positions[0] - dot(origin, normal);
        for (int a = 0; a < 3; a++) {
            origin[a] += shift * normal[a];
        }
        return new Volume(
                voxels,
                depth,
                height,
                width,
                new double[] {spacingZ, inPlane.spacing()[0], inPlane.spacing()[1]},
                first.pixelSpacing(),
                new int[] {first.rows(), first.columns()},
                origin,
                first.imageOrientationPatient().clone(),
                first.frameOfReferenceUid(),
                sources);
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
