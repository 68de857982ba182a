package org.aiworklist.common;

import java.util.Objects;

/**
 * One decoded image plane with its patient-space geometry, pixels already rescaled to modality values
 * (Hounsfield units for CT). Produced by dicom-node's reader, consumed by inference-engine, so that
 * neither side sees the other's toolkit.
 *
 * @param imagePositionPatient    (0020,0032), 3 values in mm
 * @param imageOrientationPatient (0020,0037), 6 direction cosines: row then column direction
 * @param pixelSpacing            (0028,0030): row spacing (between rows), column spacing (between columns)
 * @param frameOfReferenceUid     may be null for projection images (CR/DX)
 * @param values                  rows*columns modality values, row-major
 */
public record ImageSlice(
        ImageReference reference,
        String modality,
        String frameOfReferenceUid,
        int rows,
        int columns,
        double[] imagePositionPatient,
        double[] imageOrientationPatient,
        double[] pixelSpacing,
        double sliceThickness,
        float[] values) {
    public ImageSlice {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(values, "values");
        if (rows <= 0 || columns <= 0 || values.length != rows * columns) {
            throw new IllegalArgumentException(
                    "pixel count " + values.length + " does not match " + rows + "x" + columns);
        }
    }

    /** True when the plane has patient geometry (cross-sectional images such as CT and MR). */
    public boolean hasGeometry() {
        return imagePositionPatient != null && imageOrientationPatient != null && pixelSpacing != null;
    }
}
