package org.aiworklist.reports;

import static org.aiworklist.reports.SrTree.child;
import static org.aiworklist.reports.SrTree.childrenWithConcept;
import static org.aiworklist.reports.SrTree.items;
import static org.aiworklist.reports.SrTree.string;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.validate.DicomSRValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.Segment;
import org.aiworklist.common.SegmentFrame;
import org.aiworklist.common.Segmentation;
import org.aiworklist.common.phantom.NoduleMasks;
import org.aiworklist.reports.seg.SegmentationImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Writes the planted nodules of a chest phantom CT as a binary and a fractional SEG, and the SR that reports the
 * binary one's segments, then reads them back with plain attribute access and checks them with dciodvfy and
 * PixelMed's SR validator. Outputs stay under target/segmentation for inspection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentationWriterIT {
    final Path out = Path.of("target", "segmentation");
    final ResultIdentity id = new ResultIdentity(ResultWritersIT.ROOT, "job/seg", 1, null);
    final ResultIdentity fractionalId = new ResultIdentity(ResultWritersIT.ROOT, "job/seg-fractional", 1, null);
    PhantomSources ct;
    Segmentation binary;
    Segmentation fractional;
    WrittenObject seg;
    WrittenObject fractionalSeg;
    WrittenObject sr;

    @BeforeAll
    void write() throws Exception {
        ct = PhantomSources.write(out.resolve("sources"));
        binary = NoduleMasks.of(ct.phantom(), ct.refs(), false);
        fractional = NoduleMasks.of(ct.phantom(), ct.refs(), true);
        SegmentationWriter writer = new SegmentationWriter(ResultWritersIT.DEVICE);
        seg = writer.write(result(binary), ct.instances(), id, out.resolve("seg.dcm"));
        fractionalSeg =
                writer.write(result(fractional), ct.instances(), fractionalId, out.resolve("seg-fractional.dcm"));
        sr = new StructuredReportWriter(ResultWritersIT.DEVICE)
                .write(result(binary), ct.instances(), id, seg, out.resolve("sr.dcm"));
    }

    private InferenceResult result(Segmentation s) {
        return new InferenceResult(ResultWritersIT.ALGORITHM, List.of(), java.util.Optional.of(s), ct.refs());
    }

    @Test
    void theSegIsInTheSourceStudyInItsOwnSeriesAndTheSourceFrameOfReference() throws Exception {
        AttributeList a = ResultWritersIT.read(seg.file());
        assertEquals(SOPClass.SegmentationStorage, string(a, TagFromName.SOPClassUID));
        assertEquals(new DerivedUids(id).segInstance(), seg.sopInstanceUid());
        assertEquals(seg.sopInstanceUid(), string(a, TagFromName.SOPInstanceUID));
        assertEquals("SEG", string(a, TagFromName.Modality));
        assertEquals("9906", string(a, TagFromName.SeriesNumber));
        assertEquals(ct.refs().get(0).studyInstanceUid(), string(a, TagFromName.StudyInstanceUID));
        assertNotEquals(ct.refs().get(0).seriesInstanceUid(), string(a, TagFromName.SeriesInstanceUID));
        assertEquals(ct.frameOfReferenceUid(), string(a, TagFromName.FrameOfReferenceUID));
        assertEquals("Phantom^Seg", string(a, TagFromName.PatientName));
        assertEquals("AI_SEGMENTATION", string(a, TagFromName.ContentLabel));
        assertTrue(string(a, TagFromName.SeriesDescription).startsWith("AI result SEG: Synthetic Lung Nodule"));
        assertEquals("BINARY", string(a, TagFromName.SegmentationType));
        assertEquals("1", string(a, TagFromName.BitsAllocated));
        assertEquals("NO", string(a, new com.pixelmed.dicom.AttributeTag(0x0062, 0x0013)), "segments overlap");
        AttributeList f = ResultWritersIT.read(fractionalSeg.file());
        assertEquals("FRACTIONAL", string(f, TagFromName.SegmentationType));
        assertEquals("PROBABILITY", string(f, TagFromName.SegmentationFractionalType));
        assertEquals("255", string(f, TagFromName.MaximumFractionalValue));
        assertEquals("8", string(f, TagFromName.BitsAllocated));
        // Common Instance Reference: every slice of the source series
        List<AttributeList> series = items(a, TagFromName.ReferencedSeriesSequence);
        assertEquals(1, series.size());
        assertEquals(ct.refs().get(0).seriesInstanceUid(), string(series.get(0), TagFromName.SeriesInstanceUID));
        assertEquals(
                ct.refs().size(),
                items(series.get(0), TagFromName.ReferencedInstanceSequence).size());
    }

    @Test
    void eachSegmentIsDescribedWithItsCodesTheAlgorithmAndTheTrackingTheSrRepeats() throws Exception {
        AttributeList a = ResultWritersIT.read(seg.file());
        List<AttributeList> segments = items(a, TagFromName.SegmentSequence);
        assertEquals(binary.segments().size(), segments.size());
        assertTrue(segments.size() >= 2, "the fixture plants two nodules");
        for (int i = 0; i < segments.size(); i++) {
            Segment s = binary.segments().get(i);
            AttributeList item = segments.get(i);
            assertEquals(Integer.toString(i + 1), string(item, TagFromName.SegmentNumber));
            assertEquals(s.label(), string(item, TagFromName.SegmentLabel));
            assertEquals("AUTOMATIC", string(item, TagFromName.SegmentAlgorithmType));
            assertEquals(
                    "49755003",
                    string(
                            items(item, TagFromName.SegmentedPropertyCategoryCodeSequence)
                                    .get(0),
                            TagFromName.CodeValue));
            assertEquals(
                    "27925004",
                    string(
                            items(item, TagFromName.SegmentedPropertyTypeCodeSequence)
                                    .get(0),
                            TagFromName.CodeValue));
            AttributeList algorithm = items(item, new com.pixelmed.dicom.AttributeTag(0x0062, 0x0007))
                    .get(0);
            assertEquals(
                    "123110",
                    string(
                            items(algorithm, new com.pixelmed.dicom.AttributeTag(0x0066, 0x002F))
                                    .get(0),
                            TagFromName.CodeValue));
            assertEquals("1.2.0", string(algorithm, new com.pixelmed.dicom.AttributeTag(0x0066, 0x0031)));
            assertEquals(new DerivedUids(id).segmentTracking(i + 1), string(item, TagFromName.TrackingUID));
            assertEquals(
                    "segment-" + (i + 1), string(item, TagFromName.TrackingID).trim());
        }
    }

    @Test
    void everyNonEmptyMaskIsOneFrameOnItsSourceSliceWithItsVoxels() throws Exception {
        for (boolean frac : new boolean[] {false, true}) {
            Segmentation expected = frac ? fractional : binary;
            AttributeList a = ResultWritersIT.read((frac ? fractionalSeg : seg).file());
            List<AttributeList> perFrame = items(a, TagFromName.PerFrameFunctionalGroupsSequence);
            List<SegmentFrame> nonEmpty = expected.frames().stream()
                    .filter(f -> !SegmentationImage.empty(f))
                    .toList();
            assertEquals(nonEmpty.size(), perFrame.size(), "empty frames are omitted");
            assertEquals(Integer.toString(perFrame.size()), string(a, TagFromName.NumberOfFrames));
            Map<String, SegmentFrame> byKey = new HashMap<>();
            nonEmpty.forEach(
                    f -> byKey.put(f.segmentNumber() + "/" + f.sourceImage().sopInstanceUid(), f));
            byte[] pixels = a.get(TagFromName.PixelData).getByteValues();
            int size = ct.phantom().rows() * ct.phantom().columns();
            int previousSegment = 0;
            double previousZ = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < perFrame.size(); i++) {
                AttributeList group = perFrame.get(i);
                int segment = Integer.parseInt(string(
                        items(group, TagFromName.SegmentIdentificationSequence).get(0),
                        TagFromName.ReferencedSegmentNumber));
                AttributeList source = items(
                                items(group, TagFromName.DerivationImageSequence)
                                        .get(0),
                                TagFromName.SourceImageSequence)
                        .get(0);
                String sop = string(source, TagFromName.ReferencedSOPInstanceUID);
                SegmentFrame mask = byKey.remove(segment + "/" + sop);
                assertTrue(mask != null, "frame " + (i + 1) + " is a mask of the result");
                int slice = ct.refs().indexOf(mask.sourceImage());
                double[] ipp = SrTree.doubles(
                        items(group, TagFromName.PlanePositionSequence).get(0), TagFromName.ImagePositionPatient);
                assertArrayEquals(ct.phantom().imagePosition(slice), ipp, 1e-6, "frame on its source slice");
                double[] index = SrTree.doubles(
                        items(group, TagFromName.FrameContentSequence).get(0), TagFromName.DimensionIndexValues);
                assertEquals(segment, (int) index[0]);
                // rank along the normal (+z): the phantom's slice 0 is the most superior
                assertEquals(ct.phantom().slices() - slice, (int) index[1]);
                assertTrue(
                        segment > previousSegment || (segment == previousSegment && ipp[2] > previousZ),
                        "frames by segment, then along the normal");
                previousSegment = segment;
                previousZ = ipp[2];
                for (int p = 0; p < size; p++) {
                    int value = frac
                            ? pixels[i * size + p] & 0xff
                            : (pixels[(i * size + p) >>> 3] >>> ((i * size + p) & 7)) & 1;
                    if (value != (mask.values()[p] & 0xff)) {
                        throw new AssertionError("frame " + (i + 1) + " pixel " + p + ": " + value);
                    }
                }
            }
            assertEquals(Map.of(), byKey, "every non-empty mask is a frame");
        }
    }

    @Test
    void theSrHasOneVolumetricGroupPerSegmentReferencingItInTheSeg() throws Exception {
        AttributeList a = ResultWritersIT.read(sr.file());
        AttributeList measurements = child(a, "126010");
        List<AttributeList> groups = childrenWithConcept(measurements, "125007");
        assertEquals(binary.segments().size(), groups.size());
        AttributeList segAttrs = ResultWritersIT.read(seg.file());
        List<AttributeList> described = items(segAttrs, TagFromName.SegmentSequence);
        for (int i = 0; i < groups.size(); i++) {
            AttributeList g = groups.get(i);
            Segment s = binary.segments().get(i);
            AttributeList segment = child(g, "121191");
            assertEquals("IMAGE", string(segment, TagFromName.ValueType));
            AttributeList ref =
                    items(segment, TagFromName.ReferencedSOPSequence).get(0);
            assertEquals(SOPClass.SegmentationStorage, string(ref, TagFromName.ReferencedSOPClassUID));
            assertEquals(seg.sopInstanceUid(), string(ref, TagFromName.ReferencedSOPInstanceUID));
            assertEquals(Integer.toString(s.number()), string(ref, TagFromName.ReferencedSegmentNumber));
            assertEquals(
                    string(described.get(i), TagFromName.TrackingUID), string(child(g, "112040"), TagFromName.UID));
            assertEquals(
                    string(described.get(i), TagFromName.TrackingID).trim(),
                    string(child(g, "112039"), TagFromName.TextValue).trim());
            assertEquals(
                    "27925004",
                    string(
                            items(child(g, "121071"), TagFromName.ConceptCodeSequence)
                                    .get(0),
                            TagFromName.CodeValue));
            AttributeList volume = child(g, "118565006");
            double reported = Double.parseDouble(
                    string(items(volume, TagFromName.MeasuredValueSequence).get(0), TagFromName.NumericValue));
            assertEquals(s.volumeMm3(), reported, 1e-6 * s.volumeMm3());
            // the source images are the slices the segment covers
            List<String> sources = childrenWithConcept(g, "121233").stream()
                    .map(SrTree::referencedSop)
                    .toList();
            List<String> covered = binary.frames().stream()
                    .filter(f -> f.segmentNumber() == s.number() && !SegmentationImage.empty(f))
                    .map(f -> f.sourceImage().sopInstanceUid())
                    .toList();
            assertEquals(covered.size(), sources.size());
            assertTrue(sources.containsAll(covered));
        }
        // the SEG is evidence, but not a source image in the Image Library
        List<String> evidence = new ArrayList<>();
        for (AttributeList study : items(a, TagFromName.CurrentRequestedProcedureEvidenceSequence)) {
            for (AttributeList series : items(study, TagFromName.ReferencedSeriesSequence)) {
                items(series, TagFromName.ReferencedSOPSequence)
                        .forEach(r -> evidence.add(string(r, TagFromName.ReferencedSOPInstanceUID)));
            }
        }
        assertTrue(evidence.contains(seg.sopInstanceUid()), "the SEG is listed as evidence");
        assertTrue(evidence.containsAll(
                ct.refs().stream().map(r -> r.sopInstanceUid()).toList()));
        assertFalse(
                SrTree.allReferencedSops(child(a, "111028")).contains(seg.sopInstanceUid()),
                "the SEG is not in the Image Library");
    }

    @Test
    void aSegmentationResultNeedsItsSegAndOnlyASegmentationResultHasOne() {
        StructuredReportWriter writer = new StructuredReportWriter(ResultWritersIT.DEVICE);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> writer.write(result(binary), ct.instances(), id, out.resolve("no-seg.dcm")));
        assertTrue(e.getMessage().contains("write the SEG first"), e.getMessage());
        InferenceResult detector = new InferenceResult(ResultWritersIT.ALGORITHM, List.of(), ct.refs());
        assertThrows(
                IllegalArgumentException.class,
                () -> writer.write(detector, ct.instances(), id, seg, out.resolve("stray-seg.dcm")));
        assertThrows(IllegalArgumentException.class, () -> new SegmentationWriter(ResultWritersIT.DEVICE)
                .write(detector, ct.instances(), id, out.resolve("nothing.dcm")));
    }

    @Test
    void dciodvfyFindsNoErrorsInTheSegsAndTheSr() throws Exception {
        assertTrue(Dciodvfy.available(), "dciodvfy missing: ./aiworklist test installs the dicom3tools package");
        List<String> errors = new ArrayList<>();
        for (WrittenObject w : List.of(seg, fractionalSeg, sr)) {
            for (String line : Dciodvfy.run(w.file())) {
                System.out.println("dciodvfy " + w.file().getFileName() + ": " + line);
                if (line.startsWith("Error")) {
                    errors.add(w.file().getFileName() + ": " + line);
                }
            }
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void pixelmedSrValidatorFindsNoErrors() throws Exception {
        String report = new DicomSRValidator().validate(ResultWritersIT.read(sr.file()));
        report.lines().filter(l -> !l.isBlank()).forEach(l -> System.out.println("SR validator seg: " + l));
        assertEquals(List.of(), report.lines().filter(l -> l.contains("Error")).toList());
    }
}
