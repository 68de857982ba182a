package org.aiworklist.common;

import java.util.Objects;

/**
 * One detection, toolkit-neutral.
 *
 * @param trackingId        short human readable id, unique within a result (e.g. "nodule-1")
 * @param finding           what was found (SR concept 121071 "Finding")
 * @param findingSite       where (SR concept 363698007 "Finding Site"), may be null
 * @param sourceImage       the slice (or projection image) on which the centre lies
 * @param centreColumn      centre on the source image, in pixel columns (0-based, pixel centre = .5 per DICOM SCOORD
 *                          convention is applied by the SR writer)
 * @param centreRow         centre on the source image, in pixel rows (0-based)
 * @param centrePatientMm   centre in the patient coordinate system (x,y,z mm), null for projection images
 * @param frameOfReferenceUid frame of reference of centrePatientMm, null when centrePatientMm is null
 * @param diameterMm        longest in-plane diameter in mm
 * @param volumeMm3         volume in mm³, NaN when not measured (projection images)
 * @param probability       model confidence in [0,1]
 */
public record Finding(
        String trackingId,
        CodedConcept finding,
        CodedConcept findingSite,
        ImageReference sourceImage,
        double centreColumn,
        double centreRow,
        double[] centrePatientMm,
        String frameOfReferenceUid,
        double diameterMm,
        double volumeMm3,
        double probability) {
    public Finding {
        Objects.requireNonNull(trackingId, "trackingId");
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(sourceImage, "sourceImage");
        if (probability < 0 || probability > 1 || Double.isNaN(probability)) {
            throw new IllegalArgumentException("probability must be in [0,1]: " + probability);
        }
        if (centrePatientMm != null && centrePatientMm.length != 3) {
            throw new IllegalArgumentException("centrePatientMm needs x,y,z");
        }
        if ((centrePatientMm == null) != (frameOfReferenceUid == null)) {
            throw new IllegalArgumentException("patient coordinates need a frame of reference and vice versa");
        }
    }

    /** A volumetric finding is reported with SCOORD3D (TID 1411), a planar one with SCOORD (TID 1410). */
    public boolean volumetric() {
        return centrePatientMm != null;
    }
}
