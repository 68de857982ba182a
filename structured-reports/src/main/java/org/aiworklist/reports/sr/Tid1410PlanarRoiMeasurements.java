package org.aiworklist.reports.sr;

import org.aiworklist.common.CodedConcept;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.aiworklist.reports.sr.ContentItem.Relationship.CONTAINS;

/**
 * TID 1410 "Planar ROI Measurements and Qualitative Evaluations": a Measurement Group for a region on one
 * image (Image Region SCOORD, SELECTED FROM that image).
 */
public final class Tid1410PlanarRoiMeasurements implements MeasurementGroup {
    private final Tid4108TrackingIdentifier tracking;
    private final ContentItem item;

    public Tid1410PlanarRoiMeasurements(Tid4108TrackingIdentifier tracking, CodedConcept finding, ImageRegion region,
                                        Tid4019AlgorithmIdentification algorithm, Tid1419RoiMeasurements measurements) {
        this.tracking = Objects.requireNonNull(tracking, "tracking");
        Objects.requireNonNull(region, "TID 1410 needs an image region");
        List<ContentItem> children = new ArrayList<>(tracking.items());
        children.add(ContentItem.code(CONTAINS, Codes.FINDING, Objects.requireNonNull(finding, "finding")));
        children.addAll(algorithm.items());
        children.add(region.item());
        children.addAll(measurements.items());
        item = ContentItem.container(CONTAINS, Codes.MEASUREMENT_GROUP, null, children);
    }

    @Override
    public ContentItem item() {
        return item;
    }

    @Override
    public Tid4108TrackingIdentifier tracking() {
        return tracking;
    }
}
