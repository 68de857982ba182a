package org.aiworklist.reports.sr;

import static org.aiworklist.reports.sr.ContentItem.Relationship.CONTAINS;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.common.ImageReference;

/**
 * TID 1411 "Volumetric ROI Measurements and Qualitative Evaluations": a Measurement Group for a region in
 * patient space, given either as a Volume Surface (SCOORD3D) or as a segment of a DICOM Segmentation (Referenced
 * Segment, 121191). Either way the template wants the source images (121233, 1-n) or the source series (121232,
 * row 12), whose images the Image Library lists; the Segmentation itself is no source image and stays out of it.
 */
public final class Tid1411VolumetricRoiMeasurements extends MeasurementGroup {
    private final ReferencedSegment segment;

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
        this.segment = null;
    }

    /** A volume surface with the source images it was found on (the slices it spans). */
    public Tid1411VolumetricRoiMeasurements(
            Tid4108TrackingIdentifier tracking,
            CodedConcept finding,
            VolumeSurface surface,
            List<ImageReference> sourceImages,
            Tid4019AlgorithmIdentification algorithm,
            Tid1419RoiMeasurements measurements) {
        super(
                tracking,
                finding,
                algorithm,
                region(
                        Objects.requireNonNull(surface, "TID 1411 needs a volume surface")
                                .item(),
                        sourceImages),
                measurements);
        this.segment = null;
    }

    /** A segment of a Segmentation with the source images it covers (TID 1411 row 7 and the source images). */
    public Tid1411VolumetricRoiMeasurements(
            Tid4108TrackingIdentifier tracking,
            CodedConcept finding,
            ReferencedSegment segment,
            List<ImageReference> sourceImages,
            Tid4019AlgorithmIdentification algorithm,
            Tid1419RoiMeasurements measurements) {
        super(
                tracking,
                finding,
                algorithm,
                region(
                        Objects.requireNonNull(segment, "TID 1411 needs a referenced segment")
                                .item(),
                        sourceImages),
                measurements);
        this.segment = segment;
    }

    private static List<ContentItem> region(ContentItem roi, List<ImageReference> sourceImages) {
        List<ContentItem> items = new ArrayList<>();
        items.add(roi);
        if (sourceImages.isEmpty()) {
            throw new IllegalArgumentException("a volumetric region needs at least one source image");
        }
        sourceImages.forEach(i -> items.add(ContentItem.image(CONTAINS, Codes.SOURCE_IMAGE_FOR_SEGMENTATION, i)));
        return items;
    }

    @Override
    List<ImageReference> derivedObjects() {
        return segment == null ? List.of() : List.of(segment.segmentation());
    }
}
