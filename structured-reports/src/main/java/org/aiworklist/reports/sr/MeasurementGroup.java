package org.aiworklist.reports.sr;

/** A TID 1410/1411 Measurement Group as seen by TID 1500 row 7/8. */
public sealed interface MeasurementGroup permits Tid1410PlanarRoiMeasurements, Tid1411VolumetricRoiMeasurements {
    ContentItem item();

    Tid4108TrackingIdentifier tracking();
}
