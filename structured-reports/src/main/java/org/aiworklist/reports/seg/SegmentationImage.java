package org.aiworklist.reports.seg;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.aiworklist.common.Segment;
import org.aiworklist.common.SegmentFrame;
import org.aiworklist.common.Segmentation;
import org.aiworklist.reports.dicom.Attrs;
import org.aiworklist.reports.sr.Codes;

/**
 * The image part of a Segmentation (PS3.3 A.51) of one series of cross-sectional source slices: Segmentation Image
 * module (BINARY, 1 bit, or FRACTIONAL PROBABILITY, 8 bit, Maximum Fractional Value 255), Segment Sequence, Frame of
 * Reference, Multi-frame Functional Groups, Multi-frame Dimension, Common Instance Reference and the pixels,
 * uncompressed.
 *
 * <ul>
 *   <li>Shared functional groups: Pixel Measures and Plane Orientation, copied from the source slices.
 *   <li>Per frame: Derivation Image (the source slice, purpose "Source image for image processing operation"),
 *       Frame Content (Dimension Index Values), Plane Position (the source slice's Image Position), Segment
 *       Identification.
 *   <li>Dimensions: Referenced Segment Number, then Image Position (Patient) as the slice's rank along the slice
 *       normal (1 = lowest position). Frames are in that order; empty frames are left out (when every frame is
 *       empty, one empty frame of segment 1 keeps the object valid).
 * </ul>
 *
 * <p>Rules checked on construction: segments numbered 1, 2, ... in order (dciodvfy and viewers expect it), each
 * described once; the source slices are one series with one frame of reference, orientation, pixel spacing and size
 * (one shared functional group describes them all) and distinct positions; every frame lies on a source slice, has
 * its size, and is the only one of its segment there; a binary frame holds 0 and 1 only.
 */
public final class SegmentationImage {
    private record Frame(SegmentFrame mask, SourceSlice slice, int position) {}

    private final Segmentation segmentation;
    private final List<SegmentDescription> descriptions;
    private final SourceStack stack;

    private final List<Frame> frames;
    private final String dimensionOrganizationUid;
    private final int rows;
    private final int columns;

    public SegmentationImage(
            Segmentation segmentation,
            List<SegmentDescription> descriptions,
            List<SourceSlice> slices,
            String dimensionOrganizationUid) {
        this.segmentation = Objects.requireNonNull(segmentation, "segmentation");
        this.descriptions = List.copyOf(descriptions);
        this.dimensionOrganizationUid = Objects.requireNonNull(dimensionOrganizationUid, "dimensionOrganizationUid");
        checkSegments(segmentation, this.descriptions);
        this.stack = new SourceStack(slices);
        this.rows = stack.rows();
        this.columns = stack.columns();
        this.frames = frames(segmentation, stack);
    }

    /** True when a mask has no voxel of its segment: such frames are not encoded. */
    public static boolean empty(SegmentFrame frame) {
        for (byte v : frame.values()) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    public int numberOfFrames() {
        return frames.size();
    }

    private static void checkSegments(Segmentation segmentation, List<SegmentDescription> descriptions) {
        List<Segment> byNumber = segmentation.segments().stream()
                .sorted(Comparator.comparingInt(Segment::number))
                .toList();
        for (int i = 0; i < byNumber.size(); i++) {
            if (byNumber.get(i).number() != i + 1) {
                throw new IllegalArgumentException("segments must be numbered 1, 2, ... without gaps: found "
                        + byNumber.get(i).number() + " where " + (i + 1) + " belongs");
            }
        }
        if (!descriptions.stream().map(SegmentDescription::segment).toList().equals(byNumber)) {
            throw new IllegalArgumentException("each segment needs one description, in segment number order");
        }
    }

    /** The non-empty frames by segment number, then position; one empty frame when there is none. */
    private static List<Frame> frames(Segmentation segmentation, SourceStack stack) {
        int rows = stack.rows();
        int columns = stack.columns();
        Set<String> seen = new HashSet<>();
        List<Frame> frames = new ArrayList<>();
        for (SegmentFrame f : segmentation.frames()) {
            int position = stack.position(f.sourceImage());
            if (position == 0) {
                throw new IllegalArgumentException("segment " + f.segmentNumber()
                        + " has a frame on an image that is not among the source slices");
            }
            if (f.rows() != rows || f.columns() != columns) {
                throw new IllegalArgumentException("segment " + f.segmentNumber() + " frame of " + f.rows() + "x"
                        + f.columns() + " on a " + rows + "x" + columns + " source slice");
            }
            if (!seen.add(f.segmentNumber() + "/" + f.sourceImage().sopInstanceUid())) {
                throw new IllegalArgumentException(
                        "segment " + f.segmentNumber() + " has two frames on one source slice");
            }
            if (!segmentation.fractional()) {
                for (byte v : f.values()) {
                    if (v != 0 && v != 1) {
                        throw new IllegalArgumentException(
                                "binary segment " + f.segmentNumber() + " holds a value other than 0 and 1");
                    }
                }
            }
            if (!empty(f)) {
                frames.add(new Frame(f, stack.slice(position), position));
            }
        }
        if (frames.isEmpty()) {
            SourceSlice s = stack.slice(1);
            frames.add(new Frame(new SegmentFrame(1, s.reference(), rows, columns, new byte[rows * columns]), s, 1));
        }
        frames.sort(
                Comparator.comparingInt((Frame f) -> f.mask().segmentNumber()).thenComparingInt(Frame::position));
        return List.copyOf(frames);
    }

    /** Writes the modules listed in the class comment into the SEG's attribute list. */
    public void encode(AttributeList list, SpecificCharacterSet scs) {
        AttributeList source = stack.slice(1).header();
        // Frame of Reference: the source's
        Attrs.put(list, TagFromName.FrameOfReferenceUID, Attrs.string(source, TagFromName.FrameOfReferenceUID));
        copy(source, list, TagFromName.PositionReferenceIndicator);

        // Segmentation Image
        Attrs.put(list, TagFromName.ImageType, "DERIVED", "PRIMARY");
        boolean fractional = segmentation.fractional();
        Attrs.putPixelDescription(list, 1, "MONOCHROME2", rows, columns, fractional ? 8 : 1, 0);
        Attrs.put(list, TagFromName.LossyImageCompression, lossySource() ? "01" : "00");
        Attrs.put(list, TagFromName.SegmentationType, fractional ? "FRACTIONAL" : "BINARY");
        if (fractional) {
            Attrs.put(list, TagFromName.SegmentationFractionalType, "PROBABILITY");
            Attrs.put(list, TagFromName.MaximumFractionalValue, "255");
        }
        Attrs.put(list, SegTags.SEGMENTS_OVERLAP, overlap() ? "YES" : "NO");
        Attrs.putSequence(
                list,
                TagFromName.SegmentSequence,
                descriptions.stream().map(d -> d.item(scs)).toList());

        // Multi-frame Functional Groups and Multi-frame Dimension
        Attrs.put(list, TagFromName.NumberOfFrames, Integer.toString(frames.size()));
        Attrs.putSequence(list, TagFromName.SharedFunctionalGroupsSequence, sharedGroups(source));
        Attrs.putSequence(
                list,
                TagFromName.PerFrameFunctionalGroupsSequence,
                frames.stream().map(this::perFrame).toList());
        AttributeList organization = new AttributeList();
        Attrs.put(organization, TagFromName.DimensionOrganizationUID, dimensionOrganizationUid);
        Attrs.putSequence(list, TagFromName.DimensionOrganizationSequence, organization);
        Attrs.putSequence(
                list,
                TagFromName.DimensionIndexSequence,
                List.of(
                        dimension(
                                TagFromName.ReferencedSegmentNumber,
                                TagFromName.SegmentIdentificationSequence,
                                "Segment Number"),
                        dimension(
                                TagFromName.ImagePositionPatient,
                                TagFromName.PlanePositionSequence,
                                "Image Position (Patient)")));

        // Common Instance Reference: every source slice
        AttributeList series = new AttributeList();
        Attrs.put(
                series,
                TagFromName.SeriesInstanceUID,
                stack.slice(1).reference().seriesInstanceUid());
        Attrs.putSequence(
                series,
                TagFromName.ReferencedInstanceSequence,
                stack.ordered().stream()
                        .map(s -> Attrs.sopReference(s.reference()))
                        .toList());
        Attrs.putSequence(list, TagFromName.ReferencedSeriesSequence, series);

        pixels(list);
    }

    private static AttributeList sharedGroups(AttributeList source) {
        AttributeList measures = new AttributeList();
        copy(source, measures, TagFromName.PixelSpacing);
        if (source.get(TagFromName.SliceThickness) != null) {
            copy(source, measures, TagFromName.SliceThickness);
        }
        AttributeList orientation = new AttributeList();
        copy(source, orientation, TagFromName.ImageOrientationPatient);
        AttributeList shared = new AttributeList();
        Attrs.putSequence(shared, TagFromName.PixelMeasuresSequence, measures);
        Attrs.putSequence(shared, TagFromName.PlaneOrientationSequence, orientation);
        return shared;
    }

    private AttributeList perFrame(Frame f) {
        AttributeList sourceImage = Attrs.sopReference(f.slice().reference());
        Attrs.putCode(sourceImage, TagFromName.PurposeOfReferenceCodeSequence, Codes.SOURCE_IMAGE_FOR_PROCESSING, null);
        Attrs.put(sourceImage, TagFromName.SpatialLocationsPreserved, "YES");
        AttributeList derivation = new AttributeList();
        Attrs.putCode(derivation, TagFromName.DerivationCodeSequence, Codes.SEGMENTATION, null);
        Attrs.putSequence(derivation, TagFromName.SourceImageSequence, sourceImage);

        AttributeList content = new AttributeList();
        Attrs.put(
                content,
                TagFromName.DimensionIndexValues,
                Integer.toString(f.mask().segmentNumber()),
                Integer.toString(f.position()));
        AttributeList position = new AttributeList();
        copy(f.slice().header(), position, TagFromName.ImagePositionPatient);
        AttributeList segment = new AttributeList();
        Attrs.put(
                segment,
                TagFromName.ReferencedSegmentNumber,
                Integer.toString(f.mask().segmentNumber()));

        AttributeList item = new AttributeList();
        Attrs.putSequence(item, TagFromName.DerivationImageSequence, derivation);
        Attrs.putSequence(item, TagFromName.FrameContentSequence, content);
        Attrs.putSequence(item, TagFromName.PlanePositionSequence, position);
        Attrs.putSequence(item, TagFromName.SegmentIdentificationSequence, segment);
        return item;
    }

    private AttributeList dimension(AttributeTag index, AttributeTag functionalGroup, String label) {
        AttributeList d = new AttributeList();
        Attrs.put(d, TagFromName.DimensionOrganizationUID, dimensionOrganizationUid);
        putTag(d, TagFromName.DimensionIndexPointer, index);
        putTag(d, TagFromName.FunctionalGroupPointer, functionalGroup);
        Attrs.put(d, TagFromName.DimensionDescriptionLabel, label);
        return d;
    }

    /** A derived image of a lossy source is itself lossy (PS3.3 C.7.6.1.1.5). */
    private boolean lossySource() {
        return stack.ordered().stream().anyMatch(s -> Attrs.lossy(s.header()));
    }

    /** Whether any voxel belongs to two segments (Segments Overlap). */
    private boolean overlap() {
        Map<String, boolean[]> covered = new HashMap<>();
        for (Frame f : frames) {
            boolean[] c =
                    covered.computeIfAbsent(f.slice().reference().sopInstanceUid(), k -> new boolean[rows * columns]);
            byte[] v = f.mask().values();
            for (int i = 0; i < v.length; i++) {
                if (v[i] != 0) {
                    if (c[i]) {
                        return true;
                    }
                    c[i] = true;
                }
            }
        }
        return false;
    }

    /**
     * Frames one after the other; binary frames are packed 8 pixels a byte, the first in the least significant bit,
     * with no padding between frames (PS3.5 8.1.1), the whole padded to an even length.
     */
    private void pixels(AttributeList list) {
        int pixelsPerFrame = rows * columns;
        long total = (long) frames.size() * pixelsPerFrame;
        long bytes = segmentation.fractional() ? total : (total + 7) / 8;
        if (bytes + 1 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("segmentation too large for one uncompressed object");
        }
        byte[] data = new byte[(int) (bytes + (bytes % 2))];
        long bit = 0;
        for (Frame f : frames) {
            byte[] v = f.mask().values();
            if (segmentation.fractional()) {
                System.arraycopy(v, 0, data, (int) bit, v.length);
                bit += v.length;
                continue;
            }
            for (byte b : v) {
                if (b != 0) {
                    data[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
                }
                bit++;
            }
        }
        try {
            OtherByteAttribute pixelData = new OtherByteAttribute(TagFromName.PixelData);
            pixelData.setValues(data);
            list.put(pixelData);
        } catch (DicomException e) {
            throw new IllegalStateException("cannot encode segmentation pixel data", e);
        }
    }

    private static void copy(AttributeList from, AttributeList to, AttributeTag tag) {
        Attribute a = from.get(tag);
        String[] values = a == null ? null : Attribute.getStringValues(from, tag);
        Attrs.put(to, tag, values == null ? new String[0] : values);
    }

    private static void putTag(AttributeList list, AttributeTag tag, AttributeTag value) {
        try {
            AttributeTagAttribute a = new AttributeTagAttribute(tag);
            a.addValue(value);
            list.put(a);
        } catch (DicomException e) {
            throw new IllegalStateException(e);
        }
    }
}
