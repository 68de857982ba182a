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
import java.util.Comparator;
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
import org.aiworklist.common.Segment;
import org.aiworklist.reports.dicom.Attrs;
import org.aiworklist.reports.dicom.Evidence;
import org.aiworklist.reports.dicom.Part10;
import org.aiworklist.reports.dicom.SliceGeometry;
import org.aiworklist.reports.seg.SegmentDescription;
import org.aiworklist.reports.sr.Codes;
import org.aiworklist.reports.sr.ImageRegion;
import org.aiworklist.reports.sr.Measurement;
import org.aiworklist.reports.sr.MeasurementGroup;
import org.aiworklist.reports.sr.QualitativeEvaluations;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an inference result as a Comprehensive 3D SR with a TID 1500 Measurement Report: per volumetric
 * finding a TID 1411 group (SCOORD3D, with the source slices it spans) and a TID 1410 group with the same
 * Tracking Unique Identifier (SCOORD circle on the slice through its centre, for 2D viewers); one TID 1410
 * group (SCOORD on the source image) per planar finding; per segment of a segmentation a TID 1411 group with its
 * volume that references the segment in the job's SEG; or an explicit "no finding" qualitative evaluation.
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
        return write(result, sources, id, null, outFile);
    }

    /**
     * As {@link #write(InferenceResult, List, ResultIdentity, Path)}, for a result with a segmentation: one TID 1411
     * group per segment, with its volume, referencing the segment in the job's SEG.
     *
     * @param seg the SEG {@link SegmentationWriter} wrote for this result; null for a result without segmentation
     */
    public WrittenObject write(
            InferenceResult result, List<SourceInstance> sources, ResultIdentity id, WrittenObject seg, Path outFile)
            throws IOException {
        if (result.segmentation().isPresent() != (seg != null)) {
            throw new IllegalArgumentException(
                    seg == null
                            ? "a segmentation result references its SEG: write the SEG first and pass it"
                            : "a SEG was given for a result without segmentation");
        }
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
        ResultHeader.identify(
                list, scs, SOPClass.Comprehensive3DSRStorage, sopUid, "SR", seriesUid, SERIES_NUMBER, "SR", algorithm);
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
                report(result, src, uids, images, deviceUid, Attrs.string(studySource, TagFromName.Modality), seg);
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
            String modality,
            WrittenObject seg) {
        AlgorithmIdentity algorithm = result.algorithm();
        Tid4019AlgorithmIdentification algorithmId = Tid4019AlgorithmIdentification.of(algorithm);
        List<MeasurementGroup> groups = new ArrayList<>();
        for (Finding f : result.findings()) {
            groups.addAll(groups(f, src, uids, algorithmId));
        }
        if (seg != null) {
            groups.addAll(segmentGroups(result, uids, algorithmId, seg));
        }
        // The library lists every image a group references, also slices the model did not list as used.
        Set<ImageReference> libraryImages = new LinkedHashSet<>(images);
        groups.forEach(g -> libraryImages.addAll(g.sourceImages()));
        return new Tid1500MeasurementReport(
                Tid1204Language.englishUs(),
                new Tid1001ObservationContext(deviceUid, device.nodeName(), device.manufacturer(), algorithm.name()),
                Codes.procedureFor(modality),
                library(List.copyOf(libraryImages), src),
                algorithmId,
                groups,
                result.classification()
                        .map(c -> QualitativeEvaluations.verdicts(c, algorithm))
                        .orElse(groups.isEmpty() ? QualitativeEvaluations.noFindingDetected(algorithm) : null));
    }

    /**
     * The groups of one finding: a planar one (TID 1410) for a finding on a projection image; for a volumetric
     * finding a TID 1411 group (SCOORD3D, with the slices it spans) and, with the same Tracking Unique Identifier,
     * a TID 1410 group on the slice through its centre that 2D viewers (OHIF/Cornerstone3D) can draw.
     */
    private static List<MeasurementGroup> groups(
            Finding f, SourceSet src, DerivedUids uids, Tid4019AlgorithmIdentification algorithm) {
        SliceGeometry g = SliceGeometry.of(src.header(f.sourceImage()));
        MeasurementGroup main = group(f, g, src, uids, algorithm);
        if (!f.volumetric()) {
            return List.of(main);
        }
        List<Slice> stack = stack(f, g, src);
        Slice centre = stack.stream()
                .min(Comparator.comparingDouble(s -> Math.abs(s.distance())))
                .orElseThrow();
        if (Double.isNaN(centre.geometry().columnSpacing()) || centre.geometry().pixelSpacing()[0] <= 0) {
            log.warn("finding {}: centre slice without pixel spacing, no planar group", f.trackingId());
            return List.of(main);
        }
        return List.of(main, planarOnSlice(f, centre, main.tracking().uid(), algorithm));
    }

    /**
     * One TID 1411 group per segment: the segment (SEG instance and segment number) as its region, the slices it
     * covers as its source images (all images used when it is empty), its volume, and the SEG's Tracking ID and UID.
     */
    private static List<MeasurementGroup> segmentGroups(
            InferenceResult result, DerivedUids uids, Tid4019AlgorithmIdentification algorithm, WrittenObject seg) {
        ImageReference segRef = new ImageReference(
                result.imagesUsed().get(0).studyInstanceUid(),
                seg.seriesInstanceUid(),
                seg.sopClassUid(),
                seg.sopInstanceUid());
        List<MeasurementGroup> groups = new ArrayList<>();
        for (Segment s : result.segmentation().orElseThrow().segments()) {
            SegmentDescription d = SegmentationWriter.describe(s, result.algorithm(), uids);
            List<ImageReference> covered = SegmentationWriter.covered(result, s.number());
            groups.add(new Tid1411VolumetricRoiMeasurements(
                    new Tid4108TrackingIdentifier(d.trackingId(), d.trackingUid()),
                    s.type(),
                    new ReferencedSegment(segRef, s.number()),
                    covered.isEmpty() ? result.imagesUsed() : covered,
                    algorithm,
                    new Tid1419RoiMeasurements(
                            null, List.of(new Measurement(Codes.VOLUME, s.volumeMm3(), Codes.CUBIC_MILLIMETER)))));
        }
        return groups;
    }

    /** A slice of the finding's series, in the same frame of reference and plane orientation as its source slice. */
    private record Slice(ImageReference ref, SliceGeometry geometry, double distance) {}

    /** The finding's source series as a stack, with each slice's signed distance from the finding centre. */
    private static List<Slice> stack(Finding f, SliceGeometry source, SourceSet src) {
        double[] normal = Vectors.normal(source);
        List<Slice> stack = new ArrayList<>();
        for (ImageReference ref : src.ofSeries(f.sourceImage().seriesInstanceUid())) {
            SliceGeometry g = SliceGeometry.of(src.header(ref));
            if (g.hasPlane()
                    && f.frameOfReferenceUid().equals(g.frameOfReferenceUid())
                    && Math.abs(Vectors.dot(normal, Vectors.normal(g))) > 0.999) {
                stack.add(new Slice(ref, g, -g.distanceFromPlane(f.centrePatientMm())));
            }
        }
        if (stack.stream().noneMatch(s -> s.ref().equals(f.sourceImage()))) {
            stack.add(new Slice(f.sourceImage(), source, -source.distanceFromPlane(f.centrePatientMm())));
        }
        // Along the normal, by position of the slice (the centre plus the distance).
        stack.sort(Comparator.comparingDouble(Slice::distance));
        return stack;
    }

    /** The slices a sphere of the finding's diameter crosses; the centre slice at least. */
    private static List<ImageReference> spanned(Finding f, List<Slice> stack) {
        double radius = Double.isNaN(f.diameterMm()) ? 0 : f.diameterMm() / 2;
        double nearest =
                stack.stream().mapToDouble(s -> Math.abs(s.distance())).min().orElseThrow();
        return stack.stream()
                .filter(s -> Math.abs(s.distance()) <= radius || Math.abs(s.distance()) == nearest)
                .map(Slice::ref)
                .toList();
    }

    /**
     * A TID 1410 group on one slice: the finding's circle (a point without diameter) in that slice's pixels, and
     * the diameter measured on it. Its Tracking Identifier names the Cornerstone3D tool that draws it (the form
     * OHIF's adapters hydrate: "Cornerstone3DTools@^0.1.0:CircleROI:" + our identifier); the Tracking Unique
     * Identifier is the finding's.
     */
    private static Tid1410PlanarRoiMeasurements planarOnSlice(
            Finding f, Slice slice, String trackingUid, Tid4019AlgorithmIdentification algorithm) {
        SliceGeometry g = slice.geometry();
        double[] v = new double[3];
        for (int k = 0; k < 3; k++) {
            v[k] = f.centrePatientMm()[k] - g.position()[k];
        }
        // Image Position is the centre of the first pixel, which SCOORD puts at (0.5, 0.5).
        double column = Vectors.dot(v, g.rowDirection()) / g.columnSpacing() + 0.5;
        double row = Vectors.dot(v, g.columnDirection()) / g.pixelSpacing()[0] + 0.5;
        if (column < 0 || row < 0 || column > g.columns() || row > g.rows()) {
            throw new IllegalArgumentException("finding " + f.trackingId() + " centre lies outside its centre slice");
        }
        boolean circle = !Double.isNaN(f.diameterMm()) && f.diameterMm() > 0;
        ImageRegion region = circle
                ? ImageRegion.circle(slice.ref(), column, row, f.diameterMm() / 2 / g.columnSpacing(), g.columns())
                : ImageRegion.point(slice.ref(), column, row);
        List<Measurement> measurements = new ArrayList<>();
        if (circle) {
            measurements.add(new Measurement(Codes.DIAMETER, f.diameterMm(), Codes.MILLIMETER, region));
            measurements.add(new Measurement(Codes.CERTAINTY_OF_FINDING, f.probability(), Codes.NO_UNITS));
        } else {
            measurements.add(new Measurement(Codes.CERTAINTY_OF_FINDING, f.probability(), Codes.NO_UNITS, region));
        }
        Tid4108TrackingIdentifier tracking =
                new Tid4108TrackingIdentifier(viewerTrackingIdentifier(circle ? "CircleROI" : "Probe", f), trackingUid);
        return new Tid1410PlanarRoiMeasurements(
                tracking, f.finding(), region, algorithm, new Tid1419RoiMeasurements(f.findingSite(), measurements));
    }

    /** Cornerstone3D's tracking identifier for a tool, with our identifier appended when it fits in 64 characters. */
    static String viewerTrackingIdentifier(String tool, Finding f) {
        String base = CORNERSTONE_3D_TAG + ":" + tool;
        String withId = base + ":" + f.trackingId();
        return withId.length() <= 64 ? withId : base;
    }

    /** The prefix Cornerstone3D's SR adapters expect in a hydratable group's Tracking Identifier. */
    static final String CORNERSTONE_3D_TAG = "Cornerstone3DTools@^0.1.0";

    private static MeasurementGroup group(
            Finding f, SliceGeometry g, SourceSet src, DerivedUids uids, Tid4019AlgorithmIdentification algorithm) {
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
            VolumeSurface surface = volumeSurface(f, g);
            return new Tid1411VolumetricRoiMeasurements(
                    tracking, f.finding(), surface, spanned(f, stack(f, g, src)), algorithm, roi);
        }
        return new Tid1410PlanarRoiMeasurements(tracking, f.finding(), imageRegion(f, g), algorithm, roi);
    }

    /** Vector helpers for slice geometry. */
    private static final class Vectors {
        private Vectors() {}

        static double dot(double[] a, double[] b) {
            return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
        }

        static double[] normal(SliceGeometry g) {
            double[] r = g.rowDirection();
            double[] c = g.columnDirection();
            return new double[] {r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]};
        }
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
