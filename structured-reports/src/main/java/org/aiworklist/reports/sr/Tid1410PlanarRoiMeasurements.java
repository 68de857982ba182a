package org.aiworklist.reports.sr;

import java.util.List;
import java.util.Objects;
import org.aiworklist.common.CodedConcept;

/**
 * TID 1410 "Planar ROI Measurements and Qualitative Evaluations": a Measurement Group for a region on one
 * image (Image Region SCOORD, SELECTED FROM that image).
 */
public final class Tid1410PlanarRoiMeasurements extends MeasurementGroup {
    public Tid1410PlanarRoiMeasurements(
            Tid4108TrackingIdentifier tracking,
            CodedConcept finding,
            ImageRegion region,
            Tid4019AlgorithmIdentification algorithm,
            Tid1419RoiMeasurements measurements) {
        super(
                tracking,
                finding,
                algorithm,
                List.of(Objects.requireNonNull(region, "TID 1410 needs an image region")
                        .item()),
                measurements);
    }
}
