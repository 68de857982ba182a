package org.aiworklist.common.phantom;

import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.ImageSlice;

/**
 * What the generated studies share: 16-bit stored values per axial slice on an {@link AxialGrid}, the geometry a
 * series of them carries, and their conversion to the records dicom-node's reader produces.
 */
public abstract class AxialSeries {
    private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};

    private final AxialGrid grid;
    private final short[][] values;
    private final String modality;
    private final String sopClassUid;

    AxialSeries(AxialGrid grid, short[][] values, String modality, String sopClassUid) {
        this.grid = grid;
        this.values = values;
        this.modality = modality;
        this.sopClassUid = sopClassUid;
    }

    public int slices() {
        return values.length;
    }

    public int rows() {
        return grid.rows();
    }

    public int columns() {
        return grid.columns();
    }

    /** Row-major stored values of slice {@code index} (0 = most superior); the study's own array, do not modify. */
    public short[] slice(int index) {
        return values[index];
    }

    /** Image Position (Patient) of slice {@code index}: centre of its first pixel, mm. */
    public double[] imagePosition(int index) {
        return new double[] {grid.firstXMm(), grid.firstYMm(), grid.sliceZMm(index)};
    }

    /** Image Orientation (Patient): axial, rows along +x, columns along +y. */
    public double[] orientation() {
        return AXIAL.clone();
    }

    public double pixelSpacingMm() {
        return grid.pixelSpacingMm();
    }

    public double sliceThicknessMm() {
        return grid.sliceThicknessMm();
    }

    /** Slice {@code index} as dicom-node's reader would produce it; pixels are converted to float on each call. */
    public ImageSlice toImageSlice(int index, ImageReference reference, String frameOfReferenceUid) {
        short[] source = values[index];
        float[] pixels = new float[source.length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = source[i];
        }
        double ps = grid.pixelSpacingMm();
        return new ImageSlice(
                reference,
                modality,
                frameOfReferenceUid,
                rows(),
                columns(),
                imagePosition(index),
                orientation(),
                new double[] {ps, ps},
                grid.sliceThicknessMm(),
                pixels);
    }

    /**
     * The study as one series, converted lazily so that only one float slice exists at a time beyond the stored
     * values. SOP Instance UIDs are {@code seriesUid.<instance number>}.
     */
    public Iterable<ImageSlice> asSeries(String studyUid, String seriesUid, String frameOfReferenceUid) {
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < slices();
            }

            @Override
            public ImageSlice next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int index = next++;
                ImageReference ref =
                        new ImageReference(studyUid, seriesUid, sopClassUid, seriesUid + "." + (index + 1));
                return toImageSlice(index, ref, frameOfReferenceUid);
            }
        };
    }

    /** A number as truth.json writes it. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
