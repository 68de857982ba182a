package org.aiworklist.reports.sr;

import static org.aiworklist.reports.sr.ContentItem.Relationship.CONTAINS;

import java.util.List;
import java.util.Objects;
import org.aiworklist.common.CodedConcept;

/**
 * TID 1411 "Volumetric ROI Measurements and Qualitative Evaluations": a Measurement Group for a region in
 * patient space. With a Volume Surface the template wants the source images or, as here, the source series
 * (row 12), whose images the Image Library lists.
 */
public final class Tid1411VolumetricRoiMeasurements extends MeasurementGroup {
    public Tid1411VolumetricRoiMeasurements(
            Tid4108TrackingIdentifier tracking,
            CodedConcept finding,
            VolumeSurface surface,
            String sourceSeriesUid,
            Tid4019AlgorithmIdentification algorithm,
            Tid1419RoiMeasurements measurements) {
        super(
                tracking,
                finding,
                algorithm,
                List.of(
                        Objects.requireNonNull(surface, "TID 1411 needs a volume surface")
                                .item(),
                        ContentItem.uidRef(
                                CONTAINS,
                                Codes.SOURCE_SERIES_FOR_SEGMENTATION,
                                Objects.requireNonNull(sourceSeriesUid, "a volume surface needs its source series"))),
                measurements);
    }
}
