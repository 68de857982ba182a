package org.aiworklist.common.phantom;

import java.util.List;
import java.util.Locale;

/**
 * A generated chest CT: Hounsfield units per axial slice (the stored values), the geometry a CT series would carry, and the planted
 * nodules as truth. Slices run from head to feet (z decreasing), as a head-first chest scan is usually stored.
 */
public final class PhantomStudy extends AxialSeries {
    /** CT Image Storage. */
    public static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

    private final PhantomSpec spec;
    private final List<PlantedNodule> nodules;

    PhantomStudy(PhantomSpec spec, short[][] hu, List<PlantedNodule> nodules) {
        super(spec, hu, "CT", CT_IMAGE_STORAGE);
        this.spec = spec;
        this.nodules = List.copyOf(nodules);
    }

    public PhantomSpec spec() {
        return spec;
    }

    public List<PlantedNodule> nodules() {
        return nodules;
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
}
