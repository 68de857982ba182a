package org.aiworklist.reports.read;

/**
 * One measurement group of a TID 1500 report as read back.
 *
 * @param centreMm centre of the SCOORD3D volume surface in patient coordinates, null for planar findings
 */
public record ReportedFinding(String trackingId, String findingMeaning, double[] centreMm, double diameterMm,
                              double probability) {
}
