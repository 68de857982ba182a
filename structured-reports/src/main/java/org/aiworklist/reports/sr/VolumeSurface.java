package org.aiworklist.reports.sr;

import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * A 3D region in the patient coordinate system (SCOORD3D "Volume Surface", TID 1411 row 10), in mm.
 * ELLIPSOID is three axis end-point pairs; POINT a single location.
 */
public record VolumeSurface(String graphicType, double[] graphicData, String frameOfReferenceUid) {
    /** Coordinate counts by Graphic Type (PS3.3 C.18.9.1.2) for the types a Volume Surface is written with. */
    private static final Map<String, IntPredicate> COORDINATES =
            Map.of("POINT", n -> n == 3, "ELLIPSOID", n -> n == 18);

    public VolumeSurface {
        Objects.requireNonNull(frameOfReferenceUid, "SCOORD3D needs a frame of reference");
        GraphicData.checkCoordinateCount("volume surface", graphicType, graphicData.length, COORDINATES);
        for (double d : graphicData) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("non-finite SCOORD3D coordinate");
            }
        }
        graphicData = graphicData.clone();
    }

    /**
     * A sphere as an ELLIPSOID whose axes follow the slice's row and column directions and its normal, so two
     * axes lie in the plane of the source slice.
     */
    public static VolumeSurface sphere(
            double[] centre,
            double radiusMm,
            double[] rowDirection,
            double[] columnDirection,
            String frameOfReferenceUid) {
        if (!(radiusMm > 0)) {
            throw new IllegalArgumentException("sphere radius must be positive: " + radiusMm);
        }
        double[] normal = cross(rowDirection, columnDirection);
        double[] data = new double[18];
        int i = 0;
        for (double[] axis : new double[][] {rowDirection, columnDirection, normal}) {
            for (int sign : new int[] {-1, 1}) {
                for (int k = 0; k < 3; k++) {
                    data[i++] = centre[k] + sign * radiusMm * axis[k];
                }
            }
        }
        return new VolumeSurface("ELLIPSOID", data, frameOfReferenceUid);
    }

    static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    ContentItem item() {
        return ContentItem.scoord3d(
                ContentItem.Relationship.CONTAINS, Codes.VOLUME_SURFACE, graphicType, graphicData, frameOfReferenceUid);
    }
}
