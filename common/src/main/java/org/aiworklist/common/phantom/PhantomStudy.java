package org.aiworklist.common.phantom;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.ImageSlice;

/**
 * A generated chest CT: Hounsfield units per axial slice, the geometry a CT series would carry, and the planted
 * nodules as truth. Slices run from head to feet (z decreasing), as a head-first chest scan is usually stored.
 */
public final class PhantomStudy {
    /** CT Image Storage. */
    public static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

    private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};

    private final PhantomSpec spec;
    private final short[][] hu;
    private final List<PlantedNodule> nodules;

    PhantomStudy(PhantomSpec spec, short[][] hu, List<PlantedNodule> nodules) {
        this.spec = spec;
        this.hu = hu;
        this.nodules = List.copyOf(nodules);
    }

    public PhantomSpec spec() {
        return spec;
    }

    public int slices() {
        return hu.length;
    }

    public int rows() {
        return spec.rows();
    }

    public int columns() {
        return spec.columns();
    }

    /** Row-major HU values of slice {@code index} (0 = most superior); the array is the study's own, do not modify. */
    public short[] slice(int index) {
        return hu[index];
    }

    /** Image Position (Patient) of slice {@code index}: centre of its first pixel, mm. */
    public double[] imagePosition(int index) {
        return new double[] {spec.firstXMm(), spec.firstYMm(), spec.sliceZMm(index)};
    }

    /** Image Orientation (Patient): axial, rows along +x, columns along +y. */
    public double[] orientation() {
        return AXIAL.clone();
    }

    public double pixelSpacingMm() {
        return spec.pixelSpacingMm();
    }

    public double sliceThicknessMm() {
        return spec.sliceThicknessMm();
    }

    public List<PlantedNodule> nodules() {
        return nodules;
    }

    /** Slice {@code index} as the record dicom-node would produce for it; pixels are converted to float on each call. */
    public ImageSlice toImageSlice(int index, ImageReference reference, String frameOfReferenceUid) {
        short[] source = hu[index];
        float[] values = new float[source.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = source[i];
        }
        double ps = spec.pixelSpacingMm();
        return new ImageSlice(
                reference,
                "CT",
                frameOfReferenceUid,
                rows(),
                columns(),
                imagePosition(index),
                orientation(),
                new double[] {ps, ps},
                spec.sliceThicknessMm(),
                values);
    }

    /**
     * The study as one CT series, converted lazily so that only one float slice exists at a time beyond the HU
     * arrays. SOP Instance UIDs are {@code seriesUid.<instance number>}.
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
                        new ImageReference(studyUid, seriesUid, CT_IMAGE_STORAGE, seriesUid + "." + (index + 1));
                return toImageSlice(index, ref, frameOfReferenceUid);
            }
        };
    }

    /** truth.json: the spec, the geometry and the planted nodules. */
    public String toJson() {
        StringBuilder json = new StringBuilder(512);
        json.append("{\n");
        json.append(String.format(
                Locale.ROOT,
                """
                  "seed": %d,
                  "slices": %d,
                  "rows": %d,
                  "columns": %d,
                  "pixelSpacingMm": %s,
                  "sliceThicknessMm": %s,
                """,
                spec.seed(),
                slices(),
                rows(),
                columns(),
                num(spec.pixelSpacingMm()),
                num(spec.sliceThicknessMm())));
        json.append(String.format(Locale.ROOT, "  \"firstImagePosition\": %s,\n", position(0)));
        json.append(String.format(Locale.ROOT, "  \"lastImagePosition\": %s,\n", position(slices() - 1)));
        json.append("  \"imageOrientation\": [1, 0, 0, 0, 1, 0],\n");
        json.append("  \"nodules\": [");
        for (int i = 0; i < nodules.size(); i++) {
            PlantedNodule n = nodules.get(i);
            json.append(i == 0 ? "\n" : ",\n");
            json.append(String.format(
                    Locale.ROOT,
                    "    {\"centreMm\": [%s, %s, %s], \"diameterMm\": %s}",
                    num(n.xMm()),
                    num(n.yMm()),
                    num(n.zMm()),
                    num(n.diameterMm())));
        }
        json.append(nodules.isEmpty() ? "]\n" : "\n  ]\n");
        json.append("}\n");
        return json.toString();
    }

    private String position(int index) {
        double[] p = imagePosition(index);
        return "[" + num(p[0]) + ", " + num(p[1]) + ", " + num(p[2]) + "]";
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
