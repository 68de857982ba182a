package org.aiworklist.dicom;

import java.util.ArrayList;
import java.util.List;
import org.aiworklist.common.phantom.AxialSeries;

/**
 * One axial image for {@link CtSeriesWriter} or {@link MrSeriesWriter}.
 *
 * @param values                  rows*columns values, row-major: Hounsfield units for CT, stored values (0..4095)
 *                                for MR
 * @param imagePositionPatient    x, y, z of the first transmitted pixel's centre, mm
 * @param imageOrientationPatient row then column direction cosines
 * @param pixelSpacing            between rows, between columns, mm
 */
public record SeriesSlice(
        short[] values,
        int rows,
        int columns,
        double[] imagePositionPatient,
        double[] imageOrientationPatient,
        double[] pixelSpacing,
        double sliceThickness) {
    public SeriesSlice {
        if (values.length != rows * columns) {
            throw new IllegalArgumentException("pixel count does not match rows x columns");
        }
        if (imagePositionPatient.length != 3 || imageOrientationPatient.length != 6 || pixelSpacing.length != 2) {
            throw new IllegalArgumentException("position needs 3 values, orientation 6, spacing 2");
        }
    }

    /** Every slice of a synthetic phantom, in order. */
    public static List<SeriesSlice> allOf(AxialSeries phantom) {
        double[] spacing = {phantom.pixelSpacingMm(), phantom.pixelSpacingMm()};
        List<SeriesSlice> slices = new ArrayList<>(phantom.slices());
        for (int i = 0; i < phantom.slices(); i++) {
            slices.add(new SeriesSlice(
                    phantom.slice(i),
                    phantom.rows(),
                    phantom.columns(),
                    phantom.imagePosition(i),
                    phantom.orientation(),
                    spacing,
                    phantom.sliceThicknessMm()));
        }
        return slices;
    }
}
