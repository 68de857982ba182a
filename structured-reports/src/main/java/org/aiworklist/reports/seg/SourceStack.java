package org.aiworklist.reports.seg;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aiworklist.common.ImageReference;
import org.aiworklist.reports.dicom.SliceGeometry;

/**
 * The source slices of a segmentation as one stack, which one shared functional group can describe: one series,
 * frame of reference, orientation, pixel spacing and size, no two slices at one position. Ordered along the slice
 * normal; a slice's position (1 = lowest) is the value of the SEG's Image Position (Patient) dimension.
 */
final class SourceStack {
    private static final double ORIENTATION_TOLERANCE = 1e-4;
    private static final double SPACING_TOLERANCE = 1e-6;
    private static final double SAME_POSITION_MM = 1e-3;

    private final List<SourceSlice> ordered;
    private final Map<String, Integer> positions = new HashMap<>();
    private final SliceGeometry geometry;

    SourceStack(List<SourceSlice> slices) {
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("a segmentation needs its source slices");
        }
        geometry = SliceGeometry.of(slices.get(0).header());
        if (!geometry.hasPlane() || geometry.pixelSpacing() == null || geometry.frameOfReferenceUid() == null) {
            throw new IllegalArgumentException(
                    "a segmentation needs cross-sectional source images (position, orientation, pixel spacing and"
                            + " frame of reference)");
        }
        String series = slices.get(0).reference().seriesInstanceUid();
        double[] normal = normal(geometry);
        Map<String, Double> distance = new HashMap<>();
        for (SourceSlice s : slices) {
            SliceGeometry g = SliceGeometry.of(s.header());
            if (!s.reference().seriesInstanceUid().equals(series)) {
                throw new IllegalArgumentException("the source slices of a segmentation must be one series");
            }
            if (!g.hasPlane() || !geometry.frameOfReferenceUid().equals(g.frameOfReferenceUid())) {
                throw new IllegalArgumentException("source slices differ in frame of reference");
            }
            if (!close(geometry.orientation(), g.orientation(), ORIENTATION_TOLERANCE)
                    || g.pixelSpacing() == null
                    || !close(geometry.pixelSpacing(), g.pixelSpacing(), SPACING_TOLERANCE)
                    || g.rows() != geometry.rows()
                    || g.columns() != geometry.columns()) {
                throw new IllegalArgumentException(
                        "source slices differ in orientation, pixel spacing or size: one segmentation cannot share"
                                + " their geometry");
            }
            if (distance.put(s.reference().sopInstanceUid(), dot(g.position(), normal)) != null) {
                throw new IllegalArgumentException("a source slice is given twice");
            }
        }
        ordered = slices.stream()
                .sorted(Comparator.comparingDouble(
                        s -> distance.get(s.reference().sopInstanceUid())))
                .toList();
        for (int i = 0; i < ordered.size(); i++) {
            String sop = ordered.get(i).reference().sopInstanceUid();
            if (i > 0
                    && distance.get(sop)
                                    - distance.get(
                                            ordered.get(i - 1).reference().sopInstanceUid())
                            < SAME_POSITION_MM) {
                throw new IllegalArgumentException("two source slices share one position");
            }
            positions.put(sop, i + 1);
        }
    }

    /** The slices, lowest position first. */
    List<SourceSlice> ordered() {
        return ordered;
    }

    /** A slice's position along the normal (1 = lowest), or 0 when the image is not a slice of the stack. */
    int position(ImageReference image) {
        return positions.getOrDefault(image.sopInstanceUid(), 0);
    }

    SourceSlice slice(int position) {
        return ordered.get(position - 1);
    }

    int rows() {
        return geometry.rows();
    }

    int columns() {
        return geometry.columns();
    }

    private static double[] normal(SliceGeometry g) {
        double[] r = g.rowDirection();
        double[] c = g.columnDirection();
        return new double[] {r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static boolean close(double[] a, double[] b, double tolerance) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > tolerance) {
                return false;
            }
        }
        return true;
    }
}
