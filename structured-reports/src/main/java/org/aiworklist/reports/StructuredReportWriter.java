package org.aiworklist.reports;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.aiworklist.common.AlgorithmIdentity;
import org.aiworklist.common.Finding;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.reports.dicom.Attrs;
import org.aiworklist.reports.dicom.Evidence;
import org.aiworklist.reports.dicom.Part10;
import org.aiworklist.reports.dicom.SliceGeometry;
import org.aiworklist.reports.sr.Codes;
import org.aiworklist.reports.sr.ImageRegion;
import org.aiworklist.reports.sr.Measurement;
import org.aiworklist.reports.sr.MeasurementGroup;
import org.aiworklist.reports.sr.QualitativeEvaluations;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an inference result as a Comprehensive 3D SR with a TID 1500 Measurement Report: one TID 1411
 * group (SCOORD3D) per volumetric finding, one TID 1410 group (SCOORD on the source image) per planar
 * finding, or an explicit "no finding" qualitative evaluation.
 */
public final class StructuredReportWriter {
    private static final Logger log = LoggerFactory.getLogger(StructuredReportWriter.class);
    static final int SERIES_NUMBER = 9901;

    private final DeviceIdentity device;

    public StructuredReportWriter(DeviceIdentity device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    /** Writes one SR file (DICOM Part 10, Explicit VR LE) and returns its SOP Instance UID etc. */
    public WrittenObject write(InferenceResult result, List<SourceInstance> sources, ResultIdentity id, Path outFile)
            throws IOException {
        SourceSet src = SourceSet.read(sources);
        DerivedUids uids = new DerivedUids(id);
        AlgorithmIdentity algorithm = result.algorithm();
        List<ImageReference> images = imagesOf(result);
        String studyUid = images.get(0).studyInstanceUid();
        AttributeList studySource = src.anyOfStudy(studyUid);
        ZonedDateTime now = ZonedDateTime.now(ZoneId.systemDefault()); // DICOM DA/TM: the device's local time

        String seriesUid = uids.srSeries();
        String sopUid = uids.srInstance();
        String deviceUid = ResultHeader.deviceObserverUid(device, id, algorithm);

        AttributeList list = new AttributeList();
        SpecificCharacterSet scs = ResultHeader.begin(list, studySource, algorithm, device, deviceUid, now);
        Attrs.put(list, TagFromName.SOPClassUID, SOPClass.Comprehensive3DSRStorage);
        Attrs.put(list, TagFromName.SOPInstanceUID, sopUid);
        Attrs.put(list, TagFromName.Modality, "SR");
        Attrs.put(list, TagFromName.SeriesInstanceUID, seriesUid);
        Attrs.put(list, TagFromName.SeriesNumber, Integer.toString(SERIES_NUMBER));
        Attrs.put(list, TagFromName.SeriesDescription, scs, ResultHeader.seriesDescription("SR", algorithm));
        Attrs.putSequence(list, TagFromName.ReferencedPerformedProcedureStepSequence, List.of());
        Attrs.put(list, TagFromName.InstanceNumber, "1");
        Attrs.put(list, TagFromName.CompletionFlag, "COMPLETE");
        Attrs.put(list, TagFromName.VerificationFlag, "UNVERIFIED");
        Attrs.putSequence(list, TagFromName.PerformedProcedureCodeSequence, List.of());
        if (id.predecessorSrSopInstanceUid() != null) {
            Attrs.putSequence(
                    list,
                    TagFromName.PredecessorDocumentsSequence,
                    Evidence.hierarchical(List.of(predecessor(id, studyUid))));
        }

        Tid1500MeasurementReport report =
                report(result, src, uids, images, deviceUid, Attrs.string(studySource, TagFromName.Modality));
        report.root().encode(list, scs);
        Evidence.put(list, studyUid, report.root().referencedImages());

        Part10.write(list, outFile, device.aeTitle());
        log.info(
                "wrote SR {} with {} finding(s) for job {}",
                PhiSafe.hash(sopUid),
                result.findings().size(),
                PhiSafe.hash(id.jobKey()));
        return new WrittenObject(outFile, SOPClass.Comprehensive3DSRStorage, sopUid, seriesUid);
    }

    /** Images used plus any finding image the model did not list: the library must hold both. */
    private static List<ImageReference> imagesOf(InferenceResult result) {
        Set<ImageReference> all = new LinkedHashSet<>(result.imagesUsed());
        result.findings().forEach(f -> all.add(f.sourceImage()));
        return List.copyOf(all);
    }

    private Tid1500MeasurementReport report(
            InferenceResult result,
            SourceSet src,
            DerivedUids uids,
            List<ImageReference> images,
            String deviceUid,
            String modality) {
        AlgorithmIdentity algorithm = result.algorithm();
        Tid4019AlgorithmIdentification algorithmId = Tid4019AlgorithmIdentification.of(algorithm);
        List<MeasurementGroup> groups = new ArrayList<>();
        for (Finding f : result.findings()) {
            groups.add(group(f, SliceGeometry.of(src.header(f.sourceImage())), uids, algorithmId));
        }
        return new Tid1500MeasurementReport(
                Tid1204Language.englishUs(),
                new Tid1001ObservationContext(deviceUid, device.nodeName(), device.manufacturer(), algorithm.name()),
                Codes.procedureFor(modality),
                library(images, src),
                algorithmId,
                groups,
                groups.isEmpty() ? QualitativeEvaluations.noFindingDetected(algorithm) : null);
    }

    private static MeasurementGroup group(
            Finding f, SliceGeometry g, DerivedUids uids, Tid4019AlgorithmIdentification algorithm) {
        Tid4108TrackingIdentifier tracking =
                new Tid4108TrackingIdentifier(f.trackingId(), uids.tracking(f.trackingId()));
        List<Measurement> measurements = new ArrayList<>();
        if (!Double.isNaN(f.diameterMm())) {
            measurements.add(new Measurement(Codes.DIAMETER, f.diameterMm(), Codes.MILLIMETER));
        }
        if (!Double.isNaN(f.volumeMm3())) {
            measurements.add(new Measurement(Codes.VOLUME, f.volumeMm3(), Codes.CUBIC_MILLIMETER));
        }
        measurements.add(new Measurement(Codes.CERTAINTY_OF_FINDING, f.probability(), Codes.NO_UNITS));
        Tid1419RoiMeasurements roi = new Tid1419RoiMeasurements(f.findingSite(), measurements);
        if (f.volumetric()) {
            return new Tid1411VolumetricRoiMeasurements(
                    tracking, f.finding(), volumeSurface(f, g), f.sourceImage().seriesInstanceUid(), algorithm, roi);
        }
        return new Tid1410PlanarRoiMeasurements(tracking, f.finding(), imageRegion(f, g), algorithm, roi);
    }

    /** A sphere of the finding's diameter around its centre (a point without a diameter), on its source slice. */
    private static VolumeSurface volumeSurface(Finding f, SliceGeometry g) {
        if (!g.hasPlane()) {
            throw new IllegalArgumentException(
                    "volumetric finding " + f.trackingId() + " on an image without geometry");
        }
        if (!f.frameOfReferenceUid().equals(g.frameOfReferenceUid())) {
            throw new IllegalArgumentException(
                    "finding " + f.trackingId() + " is in another frame of reference than its source image");
        }
        if (Math.abs(g.distanceFromPlane(f.centrePatientMm())) > g.planeTolerance()) {
            throw new IllegalArgumentException("finding " + f.trackingId() + " centre is not on its source slice");
        }
        if (Double.isNaN(f.diameterMm()) || f.diameterMm() <= 0) {
            return new VolumeSurface("POINT", f.centrePatientMm(), f.frameOfReferenceUid());
        }
        return VolumeSurface.sphere(
                f.centrePatientMm(),
                f.diameterMm() / 2,
                g.rowDirection(),
                g.columnDirection(),
                f.frameOfReferenceUid());
    }

    /** A circle of the finding's diameter on its source image; a point when the pixel size is unknown. */
    private static ImageRegion imageRegion(Finding f, SliceGeometry g) {
        double column = f.centreColumn() + 0.5;
        double row = f.centreRow() + 0.5;
        if (column < 0 || row < 0 || column > g.columns() || row > g.rows()) {
            throw new IllegalArgumentException("finding " + f.trackingId() + " centre lies outside its source image");
        }
        double radiusPx = f.diameterMm() / 2 / g.columnSpacing();
        if (Double.isNaN(radiusPx) || radiusPx <= 0) {
            return ImageRegion.point(f.sourceImage(), column, row);
        }
        return ImageRegion.circle(f.sourceImage(), column, row, radiusPx, g.columns());
    }

    /** One Image Library Group per series, with its modality and frame of reference from any of its files. */
    private static Tid1600ImageLibrary library(List<ImageReference> images, SourceSet src) {
        Map<String, List<ImageReference>> bySeries = new LinkedHashMap<>();
        images.forEach(i -> bySeries.computeIfAbsent(i.seriesInstanceUid(), k -> new ArrayList<>())
                .add(i));
        List<Tid1600ImageLibrary.Group> groups = new ArrayList<>();
        bySeries.forEach((seriesUid, refs) -> {
            AttributeList any = src.anyOfSeries(seriesUid);
            groups.add(new Tid1600ImageLibrary.Group(
                    any == null ? null : Codes.modality(Attrs.string(any, TagFromName.Modality)),
                    any == null ? null : Attrs.string(any, TagFromName.FrameOfReferenceUID),
                    refs));
        });
        return new Tid1600ImageLibrary(groups);
    }

    /**
     * The superseded SR. Its series is given, or re-derived: an earlier version of the same job whose derived
     * SR instance UID matches is the one this module wrote.
     */
    private static ImageReference predecessor(ResultIdentity id, String studyUid) {
        String series = id.predecessorSrSeriesInstanceUid();
        for (int v = id.version() - 1; series == null && v >= 0; v--) {
            DerivedUids earlier = new DerivedUids(new ResultIdentity(id.uidRoot(), id.jobKey(), v, null));
            if (earlier.srInstance().equals(id.predecessorSrSopInstanceUid())) {
                series = earlier.srSeries();
            }
        }
        if (series == null) {
            throw new IllegalArgumentException("predecessor SR was not written for this job: give its series UID");
        }
        return new ImageReference(
                studyUid, series, SOPClass.Comprehensive3DSRStorage, id.predecessorSrSopInstanceUid());
    }
}
