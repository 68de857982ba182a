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
 * The key slices of a result: for each finding, the source image through its centre.
 *
 * <ul>
 *   <li>A finding with a centre in patient coordinates: among the images of its source series that share its
 *       frame of reference and have a plane, the one whose plane is nearest to the centre along the slice normal
 *       ({@link SliceGeometry#distanceFromPlane}). A centre beyond the first or last slice by more than the
 *       slice's {@link SliceGeometry#planeTolerance()} is rejected: no image goes through it.
 *   <li>A finding without patient coordinates (projection images): its source image.
 * </ul>
 *
 * Findings on the same slice give one key slice. Slices are ordered by series (first seen), then along the
 * slice normal, so a viewer steps through them in anatomical order rather than in finding order.
 */
public final class KeySlices {
    private KeySlices() {}

    /** The key slices; every candidate image needs its geometry in {@code geometry}. */
    public static List<ImageReference> of(List<Finding> findings, Map<ImageReference, SliceGeometry> geometry) {
        Map<String, List<ImageReference>> bySeries = new LinkedHashMap<>();
        for (Finding f : findings) {
            ImageReference key = f.volumetric() ? nearest(f, geometry) : f.sourceImage();
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

    private static ImageReference nearest(Finding f, Map<ImageReference, SliceGeometry> geometry) {
        double[] centre = f.centrePatientMm();
        ImageReference best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        SliceGeometry bestGeometry = null;
        boolean above = false;
        boolean below = false;
        for (Map.Entry<ImageReference, SliceGeometry> e : geometry.entrySet()) {
            ImageReference r = e.getKey();
            SliceGeometry g = e.getValue();
            if (!r.seriesInstanceUid().equals(f.sourceImage().seriesInstanceUid())
                    || !g.hasPlane()
                    || !f.frameOfReferenceUid().equals(g.frameOfReferenceUid())) {
                continue;
            }
            double d = g.distanceFromPlane(centre);
            above |= d >= 0;
            below |= d <= 0;
            if (Math.abs(d) < bestDistance) {
                bestDistance = Math.abs(d);
                best = r;
                bestGeometry = g;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("finding " + f.trackingId()
                    + " has a centre but its series has no image with a plane in its frame of reference");
        }
        if (!(above && below) && bestDistance > bestGeometry.planeTolerance()) {
            throw new IllegalArgumentException("finding " + f.trackingId() + " centre lies outside its series");
        }
        return best;
    }
}
