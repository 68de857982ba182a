package org.aiworklist.reports.gsps;

import org.aiworklist.common.Finding;
import org.aiworklist.reports.dicom.SliceGeometry;

/**
 * A finding's circle on its key slice in GSPS PIXEL annotation units (PS3.3 C.10.5.1.2): the origin is the top
 * left corner of the top left pixel, so the centre of pixel (column c, row r) is (c + 0.5, r + 0.5).
 *
 * @param column centre column, PIXEL units
 * @param row    centre row, PIXEL units
 * @param radius radius in pixels along the row direction; NaN when the finding has no diameter or the slice no
 *               pixel spacing (then only the centre can be drawn)
 */
public record PixelCircle(double column, double row, double radius) {
    /**
     * Places the finding on the slice. A finding with patient coordinates is projected with the slice's Image
     * Position/Orientation (Patient) and Pixel Spacing, and must lie within half a slice thickness of the plane;
     * one without (projection images) uses its pixel centre.
     *
     * @throws IllegalArgumentException when the centre is not on the slice
     */
    public static PixelCircle of(Finding f, SliceGeometry g) {
        double column;
        double row;
        if (f.centrePatientMm() != null && g.hasPlane() && g.pixelSpacing() != null) {
            double distance = g.distanceFromPlane(f.centrePatientMm());
            if (Math.abs(distance) > g.planeTolerance()) {
                throw new IllegalArgumentException(
                        "finding " + f.trackingId() + " lies " + distance + " mm off its key slice's plane");
            }
            double[] p = f.centrePatientMm();
            double[] d = {p[0] - g.position()[0], p[1] - g.position()[1], p[2] - g.position()[2]};
            // Image Position is the centre of the first pixel; Pixel Spacing is row spacing \ column spacing.
            column = dot(d, g.rowDirection()) / g.pixelSpacing()[1] + 0.5;
            row = dot(d, g.columnDirection()) / g.pixelSpacing()[0] + 0.5;
        } else {
            column = f.centreColumn() + 0.5;
            row = f.centreRow() + 0.5;
        }
        if (column < 0 || row < 0 || column > g.columns() || row > g.rows()) {
            throw new IllegalArgumentException("finding " + f.trackingId() + " is outside its key slice");
        }
        double radius = Double.isNaN(f.diameterMm()) || g.pixelSpacing() == null
                ? Double.NaN
                : f.diameterMm() / 2 / g.columnSpacing();
        return new PixelCircle(column, row, radius);
    }

    public boolean hasRadius() {
        return !Double.isNaN(radius) && radius > 0;
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
