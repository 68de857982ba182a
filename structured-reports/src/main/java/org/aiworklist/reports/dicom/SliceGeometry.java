package org.aiworklist.reports.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;

/**
 * What the writers need to know about where a source image's pixels are: size, spacing and, for
 * cross-sectional images, the plane in the patient coordinate system.
 *
 * @param pixelSpacing row spacing then column spacing in mm (Pixel Spacing, else Imager Pixel Spacing), or null
 * @param position     Image Position (Patient), or null for projection images
 * @param orientation  Image Orientation (Patient): row direction then column direction, or null
 */
public record SliceGeometry(
        int rows,
        int columns,
        double[] pixelSpacing,
        double[] position,
        double[] orientation,
        String frameOfReferenceUid,
        double sliceThickness) {

    public static SliceGeometry of(AttributeList list) {
        double[] spacing = Attrs.doubles(list, TagFromName.PixelSpacing);
        if (spacing == null || spacing.length != 2) {
            spacing = Attrs.doubles(list, TagFromName.ImagerPixelSpacing);
        }
        double[] ipp = Attrs.doubles(list, TagFromName.ImagePositionPatient);
        double[] iop = Attrs.doubles(list, TagFromName.ImageOrientationPatient);
        double[] thickness = Attrs.doubles(list, TagFromName.SliceThickness);
        return new SliceGeometry(
                integer(list, TagFromName.Rows),
                integer(list, TagFromName.Columns),
                spacing != null && spacing.length == 2 ? spacing : null,
                ipp != null && ipp.length == 3 ? ipp : null,
                iop != null && iop.length == 6 ? iop : null,
                Attrs.string(list, TagFromName.FrameOfReferenceUID),
                thickness != null && thickness.length > 0 ? thickness[0] : Double.NaN);
    }

    private static int integer(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        return com.pixelmed.dicom.Attribute.getSingleIntegerValueOrDefault(list, tag, 0);
    }

    public boolean hasPlane() {
        return position != null && orientation != null;
    }

    public double[] rowDirection() {
        return new double[] {orientation[0], orientation[1], orientation[2]};
    }

    public double[] columnDirection() {
        return new double[] {orientation[3], orientation[4], orientation[5]};
    }

    /** Signed distance in mm of a patient-space point from this image's plane. */
    public double distanceFromPlane(double[] p) {
        double[] r = rowDirection();
        double[] c = columnDirection();
        double[] n = {r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]};
        return (p[0] - position[0]) * n[0] + (p[1] - position[1]) * n[1] + (p[2] - position[2]) * n[2];
    }

    /** Half the slice thickness, or 0.5 mm when the thickness is not known: how far a centre may be off-plane. */
    public double planeTolerance() {
        return Double.isNaN(sliceThickness) || sliceThickness <= 0 ? 0.5 : sliceThickness / 2;
    }

    /** Column spacing (mm per pixel horizontally), or NaN without pixel spacing. */
    public double columnSpacing() {
        return pixelSpacing == null ? Double.NaN : pixelSpacing[1];
    }
}
