package org.aiworklist.reports.read;

import org.aiworklist.common.CodedConcept;

/**
 * One Measurement Group of a TID 1500 SR as read back.
 *
 * @param centreMm    centre of the SCOORD3D region in patient space (x,y,z mm), null for a planar (SCOORD) group
 * @param diameterMm  NaN when the group has no Diameter
 * @param volumeMm3   NaN when the group has no Volume
 * @param probability NaN when the group has no Certainty of Finding
 */
public record ReportedFinding(
        String trackingId,
        String trackingUid,
        CodedConcept finding,
        double[] centreMm,
        double diameterMm,
        double volumeMm3,
        double probability) {}
