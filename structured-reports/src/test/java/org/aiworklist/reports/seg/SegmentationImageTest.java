package org.aiworklist.reports.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.aiworklist.common.AlgorithmIdentity;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.Segment;
import org.aiworklist.common.SegmentFrame;
import org.aiworklist.common.Segmentation;
import org.aiworklist.reports.dicom.Attrs;
import org.junit.jupiter.api.Test;

/** The Segmentation rules {@link SegmentationImage} checks on construction, and the frames it keeps. */
class SegmentationImageTest {
    private static final int SIZE = 4;
    private static final String AXIAL = "1\\0\\0\\0\\1\\0";
    private static final CodedConcept CATEGORY = new CodedConcept("91723000", "SCT", "Anatomical structure");
    private static final CodedConcept BRAIN = new CodedConcept("12738006", "SCT", "Brain");
    private static final AlgorithmIdentity ALGORITHM =
            new AlgorithmIdentity("brain", "Brain extraction", "1", "test", null, null, List.of());

    /** Three axial slices given out of order: z = 5, -5, 0. */
    private final List<SourceSlice> slices =
            List.of(slice("s0", "series", 5, AXIAL), slice("s1", "series", -5, AXIAL), slice("s2", "series", 0, AXIAL));

    @Test
    void framesBySegmentThenAlongTheNormalWithoutEmptyOnes() throws Exception {
        Segmentation seg = new Segmentation(
                List.of(segment(1), segment(2)),
                false,
                List.of(
                        frame(2, "s0", 1),
                        frame(1, "s0", 1),
                        frame(1, "s1", 1),
                        frame(1, "s2", 0), // empty: left out
                        frame(2, "s1", 1)));
        AttributeList list = encode(seg);
        List<String> frames = new ArrayList<>();
        for (AttributeList f : items(list, TagFromName.PerFrameFunctionalGroupsSequence)) {
            String sop = Attrs.string(
                    items(items(f, TagFromName.DerivationImageSequence).get(0), TagFromName.SourceImageSequence)
                            .get(0),
                    TagFromName.ReferencedSOPInstanceUID);
            String[] index = Attribute.getStringValues(
                    items(f, TagFromName.FrameContentSequence).get(0), TagFromName.DimensionIndexValues);
            frames.add(sop + "=" + String.join(",", index));
        }
        // ranks along +z: s1 (-5) is 1, s2 (0) is 2, s0 (5) is 3
        assertEquals(List.of("s1=1,1", "s0=1,3", "s1=2,1", "s0=2,3"), frames);
        assertEquals("4", Attrs.string(list, TagFromName.NumberOfFrames));
        assertEquals("YES", Attrs.string(list, SegTags.SEGMENTS_OVERLAP), "both segments hold voxel 0 of s0");
        // 4 frames of 16 pixels at 1 bit: 8 bytes; voxel 0 of each frame set
        byte[] pixels = list.get(TagFromName.PixelData).getByteValues();
        assertEquals(8, pixels.length);
        for (int f = 0; f < 4; f++) {
            assertEquals(1, pixels[f * 2] & 1, "frame " + f);
        }
    }

    @Test
    void anAllEmptySegmentationKeepsOneEmptyFrame() throws Exception {
        AttributeList list = encode(new Segmentation(List.of(segment(1)), true, List.of(frame(1, "s2", 0))));
        assertEquals("1", Attrs.string(list, TagFromName.NumberOfFrames));
        assertEquals(SIZE * SIZE, list.get(TagFromName.PixelData).getByteValues().length);
        assertEquals("FRACTIONAL", Attrs.string(list, TagFromName.SegmentationType));
    }

    @Test
    void refusesWhatTheIodOrTheViewersCannotTake() {
        assertRefused(
                "numbered 1, 2, ...",
                new Segmentation(List.of(segment(1), segment(3)), false, List.of(frame(1, "s0", 1))),
                slices);
        assertRefused(
                "not among the source slices",
                new Segmentation(List.of(segment(1)), false, List.of(frame(1, "elsewhere", 1))),
                slices);
        assertRefused(
                "frame of 2x8",
                new Segmentation(
                        List.of(segment(1)),
                        false,
                        List.of(new SegmentFrame(1, ref("s0", "series"), 2, 8, new byte[16]))),
                slices);
        assertRefused(
                "other than 0 and 1", new Segmentation(List.of(segment(1)), false, List.of(frame(1, "s0", 2))), slices);
        assertRefused(
                "two frames on one source slice",
                new Segmentation(List.of(segment(1)), false, List.of(frame(1, "s0", 1), frame(1, "s0", 1))),
                slices);
        Segmentation ok = new Segmentation(List.of(segment(1)), false, List.of(frame(1, "s0", 1)));
        assertRefused("one series", ok, List.of(slices.get(0), slice("s9", "other", 9, AXIAL)));
        assertRefused("orientation", ok, List.of(slices.get(0), slice("s9", "series", 9, "0\\1\\0\\0\\0\\-1")));
        assertRefused("share one position", ok, List.of(slices.get(0), slice("s9", "series", 5, AXIAL)));
        AttributeList projection = slices.get(0).header();
        projection.remove(TagFromName.ImagePositionPatient);
        assertRefused("cross-sectional", ok, List.of(new SourceSlice(ref("s0", "series"), projection)));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new SegmentationImage(ok, List.of(), slices, "2.25.9"));
        assertTrue(e.getMessage().contains("one description"), e.getMessage());
    }

    private static void assertRefused(String why, Segmentation seg, List<SourceSlice> slices) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new SegmentationImage(seg, describe(seg), slices, "2.25.9"));
        assertTrue(e.getMessage().contains(why), why + " <> " + e.getMessage());
    }

    private AttributeList encode(Segmentation seg) {
        AttributeList list = new AttributeList();
        new SegmentationImage(seg, describe(seg), slices, "2.25.9").encode(list, null);
        return list;
    }

    private static List<SegmentDescription> describe(Segmentation seg) {
        Function<Segment, SegmentDescription> d =
                s -> new SegmentDescription(s, ALGORITHM, "segment-" + s.number(), "2.25." + s.number());
        return seg.segments().stream().map(d).toList();
    }

    private static Segment segment(int n) {
        return new Segment(n, "brain-" + n, CATEGORY, BRAIN, 1.0);
    }

    /** A frame whose first voxel holds the value, the rest 0. */
    private static SegmentFrame frame(int segment, String sop, int first) {
        byte[] v = new byte[SIZE * SIZE];
        v[0] = (byte) first;
        return new SegmentFrame(segment, ref(sop, "series"), SIZE, SIZE, v);
    }

    private static ImageReference ref(String sop, String series) {
        return new ImageReference("2.25.1", series, "1.2.840.10008.5.1.4.1.1.4", sop);
    }

    private static SourceSlice slice(String sop, String series, double z, String orientation) {
        AttributeList h = new AttributeList();
        Attrs.put(h, TagFromName.SOPInstanceUID, sop);
        Attrs.put(h, TagFromName.FrameOfReferenceUID, "2.25.7");
        Attrs.put(h, TagFromName.Rows, Integer.toString(SIZE));
        Attrs.put(h, TagFromName.Columns, Integer.toString(SIZE));
        Attrs.put(h, TagFromName.PixelSpacing, "1", "1");
        Attrs.put(h, TagFromName.ImagePositionPatient, "0", "0", Double.toString(z));
        Attrs.put(h, TagFromName.ImageOrientationPatient, orientation.split("\\\\"));
        return new SourceSlice(ref(sop, series), h);
    }

    private static List<AttributeList> items(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        List<AttributeList> out = new ArrayList<>();
        if (list.get(tag) instanceof SequenceAttribute s) {
            for (int i = 0; i < s.getNumberOfItems(); i++) {
                out.add(s.getItem(i).getAttributeList());
            }
        }
        return out;
    }
}
