package org.aiworklist.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.common.ImageReference;
import org.aiworklist.reports.sr.Codes;
import org.aiworklist.reports.sr.ImageRegion;
import org.aiworklist.reports.sr.Measurement;
import org.aiworklist.reports.sr.MeasurementGroup;
import org.aiworklist.reports.sr.ReferencedSegment;
import org.aiworklist.reports.sr.Tid1001ObservationContext;
import org.aiworklist.reports.sr.Tid1204Language;
import org.aiworklist.reports.sr.Tid1410PlanarRoiMeasurements;
import org.aiworklist.reports.sr.Tid1411VolumetricRoiMeasurements;
import org.aiworklist.reports.sr.Tid1419RoiMeasurements;
import org.aiworklist.reports.sr.Tid1500MeasurementReport;
import org.aiworklist.reports.sr.Tid1600ImageLibrary;
import org.aiworklist.reports.sr.Tid4019AlgorithmIdentification;
import org.aiworklist.reports.sr.Tid4108TrackingIdentifier;
import org.aiworklist.reports.sr.VolumeSurface;
import org.junit.jupiter.api.Test;

/** Each template class refuses content its template does not allow. */
class TemplateRulesTest {
    private static final ImageReference A =
            new ImageReference("1.2.3", "1.2.3.1", "1.2.840.10008.5.1.4.1.1.2", "1.2.3.1.1");
    private static final ImageReference B =
            new ImageReference("1.2.3", "1.2.3.1", "1.2.840.10008.5.1.4.1.1.2", "1.2.3.1.2");
    private static final Tid4019AlgorithmIdentification ALGO = new Tid4019AlgorithmIdentification("m", "1", List.of());
    private static final Tid1419RoiMeasurements ROI =
            new Tid1419RoiMeasurements(null, List.of(new Measurement(Codes.DIAMETER, 3, Codes.MILLIMETER)));

    private static MeasurementGroup group(String uid, ImageReference image) {
        return new Tid1410PlanarRoiMeasurements(
                new Tid4108TrackingIdentifier("t", uid),
                new CodedConcept("27925004", "SCT", "Nodule"),
                ImageRegion.point(image, 1, 1),
                ALGO,
                ROI);
    }

    private static Tid1500MeasurementReport report(List<MeasurementGroup> groups, List<ImageReference> library) {
        return new Tid1500MeasurementReport(
                Tid1204Language.englishUs(),
                new Tid1001ObservationContext("1.2.3.9", "node", "maker", "model"),
                Codes.procedureFor("CT"),
                new Tid1600ImageLibrary(List.of(new Tid1600ImageLibrary.Group(null, null, library))),
                ALGO,
                groups,
                null);
    }

    @Test
    void aReportMustSaySomething() {
        assertThrows(IllegalArgumentException.class, () -> report(List.of(), List.of(A)));
    }

    @Test
    void groupImagesMustBeInTheLibraryAndTrackingUidsUnique() {
        assertThrows(IllegalArgumentException.class, () -> report(List.of(group("1.9", B)), List.of(A)));
        assertThrows(
                IllegalArgumentException.class, () -> report(List.of(group("1.9", A), group("1.9", A)), List.of(A)));
        assertEquals(
                "CONTAINER", report(List.of(group("1.9", A)), List.of(A)).root().valueType());
    }

    /** A finding's volumetric group and its planar group on the centre slice share the finding's tracking UID. */
    @Test
    void aVolumetricAndAPlanarGroupMayShareATrackingUid() {
        MeasurementGroup volumetric = new Tid1411VolumetricRoiMeasurements(
                new Tid4108TrackingIdentifier("t", "1.9"),
                new CodedConcept("27925004", "SCT", "Nodule"),
                new VolumeSurface("POINT", new double[] {0, 0, 0}, "1.2.3.4"),
                List.of(A),
                ALGO,
                ROI);
        assertEquals(
                "CONTAINER",
                report(List.of(volumetric, group("1.9", A)), List.of(A)).root().valueType());
        assertThrows(
                IllegalArgumentException.class,
                () -> new Tid1411VolumetricRoiMeasurements(
                        new Tid4108TrackingIdentifier("t", "1.9"),
                        new CodedConcept("27925004", "SCT", "Nodule"),
                        new VolumeSurface("POINT", new double[] {0, 0, 0}, "1.2.3.4"),
                        List.<ImageReference>of(),
                        ALGO,
                        ROI));
    }

    /** A segment's group references the SEG (evidence) without the SEG being a source image of the library. */
    @Test
    void aSegmentGroupReferencesASegmentationAndItsSourceImages() {
        ImageReference seg =
                new ImageReference("1.2.3", "1.2.3.9", ReferencedSegment.SEGMENTATION_STORAGE, "1.2.3.9.1");
        MeasurementGroup segment = new Tid1411VolumetricRoiMeasurements(
                new Tid4108TrackingIdentifier("segment-1", "1.9"),
                new CodedConcept("12738006", "SCT", "Brain"),
                new ReferencedSegment(seg, 1),
                List.of(A, B),
                ALGO,
                ROI);
        assertEquals(List.of(A, B), segment.sourceImages());
        // accepted with a library of A and B only; the SEG is among the references the evidence lists
        Tid1500MeasurementReport report = report(List.of(segment), List.of(A, B));
        assertEquals(List.of(A, B, seg, A, B), report.root().referencedImages());
        assertThrows(IllegalArgumentException.class, () -> report(List.of(segment), List.of(A)));
        assertThrows(IllegalArgumentException.class, () -> new ReferencedSegment(A, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReferencedSegment(seg, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Tid1411VolumetricRoiMeasurements(
                        new Tid4108TrackingIdentifier("segment-1", "1.9"),
                        new CodedConcept("12738006", "SCT", "Brain"),
                        new ReferencedSegment(seg, 1),
                        List.<ImageReference>of(),
                        ALGO,
                        ROI));
    }

    @Test
    void templatesCheckTheirOwnRows() {
        assertThrows(IllegalArgumentException.class, () -> new Tid1419RoiMeasurements(null, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Tid4019AlgorithmIdentification("", "1", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Tid4108TrackingIdentifier("t", ""));
        assertThrows(
                IllegalArgumentException.class, () -> new Tid1204Language(new CodedConcept("39607008", "SCT", "Lung")));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Measurement(Codes.VOLUME, Double.NaN, Codes.CUBIC_MILLIMETER));
        assertThrows(IllegalArgumentException.class, () -> new Measurement(Codes.VOLUME, 1, Codes.DIAMETER));
        assertThrows(IllegalArgumentException.class, () -> new ImageRegion("CIRCLE", new float[] {1, 2}, A));
        assertThrows(IllegalArgumentException.class, () -> new VolumeSurface("ELLIPSOID", new double[3], "1.2"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Tid1600ImageLibrary(List.of(new Tid1600ImageLibrary.Group(null, null, List.of(A, A)))));
    }
}
