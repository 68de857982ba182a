package org.aiworklist.reports.read;

import org.aiworklist.common.CodedConcept;

/**
 * One Measurement Group of a TID 1500 SR as read back.
 *
 * @param findingSite where, null when the group names no Finding Site
 * @param centreMm    centre of the SCOORD3D region in patient space (x,y,z mm), null for a planar (SCOORD) group
 * @param regionImageUid SOP Instance UID of the image a planar region (SCOORD) of the finding is drawn on, null
 *                    when it has none
 * @param diameterMm  NaN when the group has no Diameter
 * @param volumeMm3   NaN when the group has no Volume
 * @param probability NaN when the group has no Certainty of Finding
 */
public record ReportedFinding(
        String trackingId,
        String trackingUid,
        CodedConcept finding,
        CodedConcept findingSite,
        double[] centreMm,
        String regionImageUid,
        double diameterMm,
        double volumeMm3,
        double probability) {

    ReportedFinding withRegionImage(String uid) {
        return new ReportedFinding(
                trackingId, trackingUid, finding, findingSite, centreMm, uid, diameterMm, volumeMm3, probability);
    }
}
