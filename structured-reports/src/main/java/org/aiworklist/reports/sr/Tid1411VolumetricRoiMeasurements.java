package org.aiworklist.reports.sr;

import org.aiworklist.common.CodedConcept;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.aiworklist.reports.sr.ContentItem.Relationship.CONTAINS;

/**
 * TID 1411 "Volumetric ROI Measurements and Qualitative Evaluations": a Measurement Group for a region in
 * patient space. With a Volume Surface the template wants the source images or, as here, the source series
 * (row 12), whose images the Image Library lists.
 */
public final class Tid1411VolumetricRoiMeasurements implements MeasurementGroup {
    private final Tid4108TrackingIdentifier tracking;
    private final ContentItem item;

    public Tid1411VolumetricRoiMeasurements(Tid4108TrackingIdentifier tracking, CodedConcept finding,
                                            VolumeSurface surface, String sourceSeriesUid,
                                            Tid4019AlgorithmIdentification algorithm,
                                            Tid1419RoiMeasurements measurements) {
        this.tracking = Objects.requireNonNull(tracking, "tracking");
        Objects.requireNonNull(surface, "TID 1411 needs a volume surface");
        Objects.requireNonNull(sourceSeriesUid, "a volume surface needs its source series");
        List<ContentItem> children = new ArrayList<>(tracking.items());
        children.add(ContentItem.code(CONTAINS, Codes.FINDING, Objects.requireNonNull(finding, "finding")));
        children.addAll(algorithm.items());
        children.add(surface.item());
        children.add(ContentItem.uidRef(CONTAINS, Codes.SOURCE_SERIES_FOR_SEGMENTATION, sourceSeriesUid));
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
