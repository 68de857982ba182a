package org.aiworklist.reports;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.aiworklist.common.AlgorithmIdentity;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.common.Segment;
import org.aiworklist.common.Segmentation;
import org.aiworklist.reports.dicom.Attrs;
import org.aiworklist.reports.dicom.Part10;
import org.aiworklist.reports.seg.SegmentDescription;
import org.aiworklist.reports.seg.SegmentationImage;
import org.aiworklist.reports.seg.SourceSlice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a segmentation result as a DICOM Segmentation (SOP Class 1.2.840.10008.5.1.4.1.1.66.4, modality SEG): in the
 * source study, in its own series (series number {@value #SERIES_NUMBER}), in the frame of reference of its source
 * series, with the image part built and checked by {@link SegmentationImage}. Labelled like the other results:
 * Series Description "AI result SEG: ...", Contributing Equipment for the algorithm, Content Label
 * {@value #CONTENT_LABEL}, and each segment AUTOMATIC with the algorithm's name, version and family.
 *
 * <p>The SR's TID 1411 group for a segment references it by this object's SOP Instance UID and the segment number, and
 * repeats its Tracking ID and UID ({@link #describe}); so the SEG is written first.
 */
public final class SegmentationWriter {
    private static final Logger log = LoggerFactory.getLogger(SegmentationWriter.class);
    /** After the SR's 9901, the SC's 9902/9903, the KOS's 9904 and the GSPS's 9905. */
    static final int SERIES_NUMBER = 9906;

    static final String CONTENT_LABEL = "AI_SEGMENTATION";

    private final DeviceIdentity device;

    public SegmentationWriter(DeviceIdentity device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    /**
     * Writes the SEG file (DICOM Part 10, Explicit VR LE).
     *
     * @param sources the source files: every slice of the segmented series (the SEG references them all)
     */
    public WrittenObject write(InferenceResult result, List<SourceInstance> sources, ResultIdentity id, Path outFile)
            throws IOException {
        Segmentation segmentation = result.segmentation()
                .orElseThrow(() -> new IllegalArgumentException("the result has no segmentation to write"));
        SourceSet src = SourceSet.read(sources);
        String series = segmentation.frames().isEmpty()
                ? result.imagesUsed().get(0).seriesInstanceUid()
                : segmentation.frames().get(0).sourceImage().seriesInstanceUid();
        List<SourceSlice> slices = src.ofSeries(series).stream()
                .map(r -> new SourceSlice(r, src.header(r)))
                .toList();
        DerivedUids uids = new DerivedUids(id);
        AlgorithmIdentity a = result.algorithm();
        SegmentationImage image = new SegmentationImage(
                segmentation,
                segmentation.segments().stream()
                        .sorted(Comparator.comparingInt(Segment::number))
                        .map(s -> describe(s, a, uids))
                        .toList(),
                slices,
                uids.segDimensionOrganization());

        AttributeList source = slices.get(0).header();
        String deviceUid = ResultHeader.deviceObserverUid(device, id, a);
        ZonedDateTime now = ZonedDateTime.now(ZoneId.systemDefault()); // DICOM DA/TM: the device's local time
        AttributeList list = new AttributeList();
        SpecificCharacterSet scs = ResultHeader.begin(list, source, a, device, deviceUid, now);
        String seriesUid = uids.segSeries();
        String sopUid = uids.segInstance();
        ResultHeader.identify(
                list, scs, SOPClass.SegmentationStorage, sopUid, "SEG", seriesUid, SERIES_NUMBER, "SEG", a);
        Attrs.putSeriesLaterality(source, list);
        // Enhanced General Equipment: the node is the device that made the object.
        Attrs.put(list, TagFromName.ManufacturerModelName, scs, Attrs.lo(device.nodeName()));
        Attrs.put(list, TagFromName.DeviceSerialNumber, scs, device.aeTitle());
        // General Image and Content Identification
        Attrs.put(list, TagFromName.InstanceNumber, "1");
        Attrs.put(list, TagFromName.ContentLabel, CONTENT_LABEL);
        Attrs.put(
                list,
                TagFromName.ContentDescription,
                scs,
                Attrs.lo("AI segmentation, " + segmentation.segments().size() + " segment"
                        + (segmentation.segments().size() == 1 ? "" : "s") + ": " + a.name() + " " + a.version()));
        Attrs.put(list, TagFromName.ContentCreatorName, scs, Attrs.lo(device.nodeName()));
        image.encode(list, scs);

        Part10.write(list, outFile, device.aeTitle());
        log.info(
                "wrote SEG {} with {} segment(s), {} frame(s), for job {}",
                PhiSafe.hash(sopUid),
                segmentation.segments().size(),
                image.numberOfFrames(),
                PhiSafe.hash(id.jobKey()));
        return new WrittenObject(outFile, SOPClass.SegmentationStorage, sopUid, seriesUid);
    }

    /** A segment as the SEG describes it; its tracking ID "segment-N" and UID are the SR group's too. */
    static SegmentDescription describe(Segment s, AlgorithmIdentity a, DerivedUids uids) {
        return new SegmentDescription(s, a, "segment-" + s.number(), uids.segmentTracking(s.number()));
    }

    /** The slices a segment covers (its non-empty frames), in the order of the images used. */
    static List<ImageReference> covered(InferenceResult result, int segmentNumber) {
        Set<String> sops = result.segmentation().orElseThrow().frames().stream()
                .filter(f -> f.segmentNumber() == segmentNumber && !SegmentationImage.empty(f))
                .map(f -> f.sourceImage().sopInstanceUid())
                .collect(Collectors.toSet());
        return result.imagesUsed().stream()
                .filter(r -> sops.contains(r.sopInstanceUid()))
                .toList();
    }
}
