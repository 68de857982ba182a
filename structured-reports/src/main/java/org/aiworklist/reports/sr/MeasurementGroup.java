package org.aiworklist.reports.sr;

import static org.aiworklist.reports.sr.ContentItem.Relationship.CONTAINS;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.common.ImageReference;

/**
 * A TID 1410/1411 Measurement Group as seen by TID 1500 row 7/8. Both templates share the group's layout:
 * tracking identifier, finding, algorithm, then the region (which is where they differ), then the measurements.
 */
public abstract sealed class MeasurementGroup permits Tid1410PlanarRoiMeasurements, Tid1411VolumetricRoiMeasurements {
    private final Tid4108TrackingIdentifier tracking;
    private final ContentItem item;

    MeasurementGroup(
            Tid4108TrackingIdentifier tracking,
            CodedConcept finding,
            Tid4019AlgorithmIdentification algorithm,
            List<ContentItem> region,
            Tid1419RoiMeasurements measurements) {
        this.tracking = Objects.requireNonNull(tracking, "tracking");
        List<ContentItem> children = new ArrayList<>(tracking.items());
        children.add(ContentItem.code(CONTAINS, Codes.FINDING, Objects.requireNonNull(finding, "finding")));
        children.addAll(algorithm.items());
        children.addAll(region);
        children.addAll(measurements.items());
        item = ContentItem.container(CONTAINS, Codes.MEASUREMENT_GROUP, null, children);
    }

    public ContentItem item() {
        return item;
    }

    public Tid4108TrackingIdentifier tracking() {
        return tracking;
    }

    /** The source images the group references, which the Image Library must list. */
    public List<ImageReference> sourceImages() {
        List<ImageReference> derived = derivedObjects();
        return item.referencedImages().stream()
                .filter(r -> !derived.contains(r))
                .toList();
    }

    /** Referenced objects derived from the source images (a Segmentation): evidence, but not in the library. */
    List<ImageReference> derivedObjects() {
        return List.of();
    }
}
