package org.aiworklist.inference;

import java.util.ArrayList;
import java.util.List;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.ImageSlice;

/** Synthetic series whose pixel values are a function of patient position, so geometry can be checked exactly. */
public final class TestSeries {
    private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};

    /** A value at a patient point (mm, LPS). */
    @FunctionalInterface
    public interface Field {
        double at(double x, double y, double z);
    }

    private TestSeries() {}

    /** Image Orientation (Patient) of an axial series: rows along +x, columns along +y. */
    public static double[] axial() {
        return AXIAL.clone();
    }

    /**
     * {@code slices} MR slices of {@code rows} x {@code columns}, {@code spacing} mm apart in-plane and between
     * slices, first pixel of slice 0 at the origin, slices stacked along the normal of {@code orientation}.
     * SOP Instance UIDs end in the slice index.
     */
    public static List<ImageSlice> of(
            int slices, int rows, int columns, double spacing, double[] orientation, Field field) {
        double[] row = {orientation[0], orientation[1], orientation[2]};
        double[] col = {orientation[3], orientation[4], orientation[5]};
        double[] normal = {
            row[1] * col[2] - row[2] * col[1], row[2] * col[0] - row[0] * col[2], row[0] * col[1] - row[1] * col[0]
        };
        List<ImageSlice> out = new ArrayList<>();
        for (int k = 0; k < slices; k++) {
            double[] origin = {normal[0] * k * spacing, normal[1] * k * spacing, normal[2] * k * spacing};
            float[] values = new float[rows * columns];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    double x = origin[0] + c * spacing * row[0] + r * spacing * col[0];
                    double y = origin[1] + c * spacing * row[1] + r * spacing * col[1];
                    double z = origin[2] + c * spacing * row[2] + r * spacing * col[2];
                    values[r * columns + c] = (float) field.at(x, y, z);
                }
            }
            out.add(new ImageSlice(
                    new ImageReference("2.25.1", "2.25.2", "1.2.840.10008.5.1.4.1.1.4", "2.25.2." + k),
                    "MR",
                    "2.25.3",
                    rows,
                    columns,
                    origin,
                    orientation.clone(),
                    new double[] {spacing, spacing},
                    spacing,
                    values));
        }
        return out;
    }
}
