package org.aiworklist.reports.sr;

import static org.aiworklist.reports.sr.ContentItem.Relationship.CONTAINS;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.common.ImageReference;

/**
 * TID 1411 "Volumetric ROI Measurements and Qualitative Evaluations": a Measurement Group for a region in
 * patient space. With a Volume Surface the template wants either the source images (121233, 1-n) or the source
 * series (121232, row 12), whose images the Image Library lists.
 */
public final class Tid1411VolumetricRoiMeasurements extends MeasurementGroup {
    /** A volume surface with its source series. */
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

    /** A volume surface with the source images it was found on (the slices it spans). */
    public Tid1411VolumetricRoiMeasurements(
            Tid4108TrackingIdentifier tracking,
            CodedConcept finding,
            VolumeSurface surface,
            List<ImageReference> sourceImages,
            Tid4019AlgorithmIdentification algorithm,
            Tid1419RoiMeasurements measurements) {
        super(tracking, finding, algorithm, region(surface, sourceImages), measurements);
    }

    private static List<ContentItem> region(VolumeSurface surface, List<ImageReference> sourceImages) {
        List<ContentItem> items = new ArrayList<>();
        items.add(Objects.requireNonNull(surface, "TID 1411 needs a volume surface")
                .item());
        if (sourceImages.isEmpty()) {
            throw new IllegalArgumentException("a volume surface needs at least one source image");
        }
        sourceImages.forEach(i -> items.add(ContentItem.image(CONTAINS, Codes.SOURCE_IMAGE_FOR_SEGMENTATION, i)));
        return items;
    }
}
