package org.aiworklist.reports.kos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aiworklist.common.Finding;
import org.aiworklist.common.ImageReference;
import org.aiworklist.reports.dicom.SliceGeometry;

/**
 * The key slices of a result: each finding's source image, the slice through its centre (the rule the SR's planar
 * groups, the GSPS and the SC follow too: the model picks that slice, see {@code Finding#sourceImage}).
 * Findings on the same slice give one key slice. Slices are ordered by series (first seen), then along the
 * slice normal, so a viewer steps through them in anatomical order rather than in finding order.
 */
public final class KeySlices {
    private KeySlices() {}

    /** The key slices; every candidate image needs its geometry in {@code geometry}. */
    public static List<ImageReference> of(List<Finding> findings, Map<ImageReference, SliceGeometry> geometry) {
        Map<String, List<ImageReference>> bySeries = new LinkedHashMap<>();
        for (Finding f : findings) {
            ImageReference key = f.sourceImage();
            List<ImageReference> series = bySeries.computeIfAbsent(key.seriesInstanceUid(), s -> new ArrayList<>());
            if (!series.contains(key)) {
                series.add(key);
            }
        }
        List<ImageReference> out = new ArrayList<>();
        for (List<ImageReference> series : bySeries.values()) {
            SliceGeometry first = geometry.get(series.get(0));
            if (first != null && first.hasPlane()) {
                double[] origin = first.position();
                series.sort(Comparator.comparingDouble(r -> first.distanceFromPlane(positionOr(geometry, r, origin))));
            }
            out.addAll(series);
        }
        return out;
    }

    /** Projection-image keys have no position: they keep their place (distance 0 from the first plane). */
    private static double[] positionOr(
            Map<ImageReference, SliceGeometry> geometry, ImageReference r, double[] fallback) {
        SliceGeometry g = geometry.get(r);
        return g != null && g.hasPlane() ? g.position() : fallback;
    }
}
