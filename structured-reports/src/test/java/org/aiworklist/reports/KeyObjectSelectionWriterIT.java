package org.aiworklist.reports;

import static org.aiworklist.reports.ResultWritersIT.ALGORITHM;
import static org.aiworklist.reports.ResultWritersIT.DEVICE;
import static org.aiworklist.reports.ResultWritersIT.LUNG;
import static org.aiworklist.reports.ResultWritersIT.NODULE;
import static org.aiworklist.reports.ResultWritersIT.ROOT;
import static org.aiworklist.reports.SrTree.children;
import static org.aiworklist.reports.SrTree.items;
import static org.aiworklist.reports.SrTree.string;
import static org.aiworklist.reports.SyntheticSources.CT_ORIGIN;
import static org.aiworklist.reports.SyntheticSources.CT_SLICE_GAP;
import static org.aiworklist.reports.SyntheticSources.CT_SPACING;
import static org.aiworklist.reports.SyntheticSources.CT_Z0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.validate.DicomSRValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.aiworklist.common.Finding;
import org.aiworklist.common.InferenceResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Writes KOS documents for a synthetic CT with four findings on three slices (two on one slice, one centre
 * between slices nearer the next one), with and without the job's SR and a GSPS, and for the same CT without
 * findings; checks them with dciodvfy, PixelMed's SR validator and by reading them back. Outputs stay under
 * target/kos.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyObjectSelectionWriterIT {
    static final com.pixelmed.dicom.AttributeTag IDENTICAL_DOCUMENTS_SEQUENCE =
            new com.pixelmed.dicom.AttributeTag(0x0040, 0xA525);
    static final String GSPS_UID = SyntheticSources.uid("kos-test/gsps");
    static final String GSPS_SERIES = SyntheticSources.uid("kos-test/gsps-series");

    final Path out = Path.of("target", "kos");
    SyntheticSources.Series ct;
    InferenceResult result;
    ResultIdentity id;
    WrittenObject sr;
    WrittenObject gsps;
    WrittenObject kosWithLinks;
    WrittenObject kosAlone;
    SyntheticSources.Series dx;
    WrittenObject kosDx;

    @BeforeAll
    void writeAll() throws IOException {
        ct = SyntheticSources.ct(
                out.resolve("sources"),
                new SyntheticSources.Patient("kos", null, "Test^Key^Objects", "SYN-KOS", "CHEST"),
                20,
                new int[][] {{64, 70, 10}, {40, 50, 14}, {90, 60, 10}, {30, 80, 6}});
        result = new InferenceResult(
                ALGORITHM,
                List.of(
                        finding("nodule-1", 64, 70, 10, 1.0, 0.91),
                        finding("nodule-2", 40, 50, 14, 0.0, 0.55),
                        finding("nodule-3", 90, 60, 10, -0.8, 0.72),
                        // 0.4 of a slice gap below slice 6, the slice the model put it on
                        finding("nodule-4", 30, 80, 6, -0.4 * CT_SLICE_GAP, 0.61)),
                ct.refs());
        id = new ResultIdentity(ROOT, "job/kos", 1, null);
        sr = new StructuredReportWriter(DEVICE).write(result, ct.instances(), id, out.resolve("sr.dcm"));
        gsps = new WrittenObject(
                out.resolve("gsps.dcm"), SOPClass.GrayscaleSoftcopyPresentationStateStorage, GSPS_UID, GSPS_SERIES);
        KeyObjectSelectionWriter writer = new KeyObjectSelectionWriter(DEVICE);
        kosWithLinks = writer.write(result, ct.instances(), id, sr, gsps, out.resolve("kos.dcm"))
                .orElseThrow();
        kosAlone = writer.write(
                        result,
                        ct.instances(),
                        new ResultIdentity(ROOT, "job/kos-alone", 1, null),
                        null,
                        null,
                        out.resolve("kos-alone.dcm"))
                .orElseThrow();
        dx = SyntheticSources.dx(
                out.resolve("dx-sources"),
                new SyntheticSources.Patient("kos-dx", null, "Test^Key^Dx", "SYN-KDX", null));
        Finding planar = new Finding(
                "ptx-1", ResultWritersIT.PNEUMOTHORAX, LUNG, dx.ref(0), 100, 120, null, null, 12.0, Double.NaN, 0.8);
        kosDx = writer.write(
                        new InferenceResult(ALGORITHM, List.of(planar), dx.refs()),
                        dx.instances(),
                        new ResultIdentity(ROOT, "job/kos-dx", 1, null),
                        null,
                        null,
                        out.resolve("dx").resolve("kos.dcm"))
                .orElseThrow();
    }

    /** A finding whose centre is dz mm off the plane of the given slice; its source image is that slice. */
    private Finding finding(String id, int col, int row, int slice, double dz, double p) {
        double[] centre = {CT_ORIGIN + col * CT_SPACING, CT_ORIGIN + row * CT_SPACING, CT_Z0 + slice * CT_SLICE_GAP + dz
        };
        return new Finding(id, NODULE, LUNG, ct.ref(slice), col, row, centre, ct.frameOfReferenceUid(), 5.0, 65.0, p);
    }

    private List<Path> files() {
        return List.of(kosWithLinks.file(), kosAlone.file());
    }

    /** Every KOS written, for the validators. */
    private List<Path> validated() {
        return List.of(kosWithLinks.file(), kosAlone.file(), kosDx.file());
    }

    private static List<AttributeList> ofType(AttributeList kos, String valueType) {
        return children(kos).stream()
                .filter(c -> valueType.equals(string(c, TagFromName.ValueType)))
                .toList();
    }

    @Test
    void referencesExactlyTheKeySlicesInOrder() throws Exception {
        List<String> expected = List.of(
                ct.ref(6).sopInstanceUid(),
                ct.ref(10).sopInstanceUid(),
                ct.ref(14).sopInstanceUid());
        for (Path file : files()) {
            AttributeList kos = ResultWritersIT.read(file);
            List<String> referenced =
                    ofType(kos, "IMAGE").stream().map(SrTree::referencedSop).toList();
            assertEquals(expected, referenced, file.toString());
            for (AttributeList image : ofType(kos, "IMAGE")) {
                AttributeList ref =
                        items(image, TagFromName.ReferencedSOPSequence).get(0);
                assertEquals(SOPClass.CTImageStorage, string(ref, TagFromName.ReferencedSOPClassUID));
                assertEquals("CONTAINS", string(image, TagFromName.RelationshipType));
                assertNull(image.get(TagFromName.ConceptNameCodeSequence));
            }
        }
    }

    @Test
    void headerAndTitle() throws Exception {
        AttributeList kos = ResultWritersIT.read(kosWithLinks.file());
        AttributeList source = ResultWritersIT.read(ct.instances().get(0).file());
        assertEquals(SOPClass.KeyObjectSelectionDocumentStorage, string(kos, TagFromName.SOPClassUID));
        assertEquals("KO", string(kos, TagFromName.Modality));
        assertEquals("9904", string(kos, TagFromName.SeriesNumber));
        assertEquals("1", string(kos, TagFromName.InstanceNumber));
        assertEquals("113000", SrTree.conceptValue(kos));
        assertEquals(
                "2010", string(items(kos, TagFromName.ContentTemplateSequence).get(0), TagFromName.TemplateIdentifier));
        for (var tag : List.of(
                TagFromName.StudyInstanceUID,
                TagFromName.PatientName,
                TagFromName.PatientID,
                TagFromName.AccessionNumber,
                TagFromName.StudyID)) {
            assertEquals(string(source, tag), string(kos, tag), tag.toString());
        }
        assertFalse(
                string(source, TagFromName.SeriesInstanceUID).equals(kosWithLinks.seriesInstanceUid()), "own series");
        assertFalse(sr.seriesInstanceUid().equals(kosWithLinks.seriesInstanceUid()), "not the SR's series");
        assertEquals(kosWithLinks.sopInstanceUid(), string(kos, TagFromName.SOPInstanceUID));
        assertNull(kos.get(IDENTICAL_DOCUMENTS_SEQUENCE));
        assertNull(kos.get(TagFromName.CompletionFlag));
    }

    @Test
    void descriptionCountsTheFindings() throws Exception {
        for (Path file : files()) {
            AttributeList kos = ResultWritersIT.read(file);
            String text = string(SrTree.child(kos, "113012"), TagFromName.TextValue);
            assertTrue(text.startsWith("AI findings: 4 "), text);
            assertTrue(text.contains("NOT FOR PRIMARY DIAGNOSIS"), text);
            assertTrue(text.contains(ALGORITHM.disclaimer()), text);
        }
    }

    @Test
    void linksTheSrAndTheGspsOnlyWhenGiven() throws Exception {
        AttributeList kos = ResultWritersIT.read(kosWithLinks.file());
        List<AttributeList> composites = ofType(kos, "COMPOSITE");
        assertEquals(1, composites.size());
        AttributeList srRef =
                items(composites.get(0), TagFromName.ReferencedSOPSequence).get(0);
        assertEquals(SOPClass.Comprehensive3DSRStorage, string(srRef, TagFromName.ReferencedSOPClassUID));
        assertEquals(sr.sopInstanceUid(), string(srRef, TagFromName.ReferencedSOPInstanceUID));
        for (AttributeList image : ofType(kos, "IMAGE")) {
            AttributeList ref = items(image, TagFromName.ReferencedSOPSequence).get(0);
            AttributeList ps = items(ref, TagFromName.ReferencedSOPSequence).get(0);
            assertEquals(
                    SOPClass.GrayscaleSoftcopyPresentationStateStorage, string(ps, TagFromName.ReferencedSOPClassUID));
            assertEquals(GSPS_UID, string(ps, TagFromName.ReferencedSOPInstanceUID));
        }
        AttributeList alone = ResultWritersIT.read(kosAlone.file());
        assertTrue(ofType(alone, "COMPOSITE").isEmpty());
        for (AttributeList image : ofType(alone, "IMAGE")) {
            AttributeList ref = items(image, TagFromName.ReferencedSOPSequence).get(0);
            assertNull(ref.get(TagFromName.ReferencedSOPSequence));
        }
    }

    @Test
    void evidenceListsEveryReferencedInstance() throws Exception {
        AttributeList kos = ResultWritersIT.read(kosWithLinks.file());
        Set<String> evidence = new HashSet<>();
        List<AttributeList> studies = items(kos, TagFromName.CurrentRequestedProcedureEvidenceSequence);
        assertEquals(1, studies.size());
        assertEquals(string(kos, TagFromName.StudyInstanceUID), string(studies.get(0), TagFromName.StudyInstanceUID));
        for (AttributeList series : items(studies.get(0), TagFromName.ReferencedSeriesSequence)) {
            for (AttributeList i : items(series, TagFromName.ReferencedSOPSequence)) {
                assertTrue(evidence.add(string(i, TagFromName.ReferencedSOPInstanceUID)), "listed once");
            }
        }
        Set<String> expected = new HashSet<>(Set.of(
                ct.ref(6).sopInstanceUid(),
                ct.ref(10).sopInstanceUid(),
                ct.ref(14).sopInstanceUid(),
                sr.sopInstanceUid(),
                GSPS_UID));
        assertEquals(expected, evidence);
    }

    @Test
    void noFindingsWritesNothing() throws Exception {
        Path file = out.resolve("none").resolve("kos.dcm");
        Optional<WrittenObject> none = new KeyObjectSelectionWriter(DEVICE)
                .write(
                        new InferenceResult(ALGORITHM, List.of(), ct.refs()),
                        ct.instances(),
                        new ResultIdentity(ROOT, "job/kos-none", 1, null),
                        null,
                        null,
                        file);
        assertTrue(none.isEmpty());
        assertFalse(Files.exists(file));
    }

    @Test
    void writingTwiceGivesTheSameUids() throws Exception {
        WrittenObject again = new KeyObjectSelectionWriter(DEVICE)
                .write(
                        result,
                        ct.instances(),
                        id,
                        sr,
                        gsps,
                        out.resolve("again").resolve("kos.dcm"))
                .orElseThrow();
        assertEquals(kosWithLinks.sopInstanceUid(), again.sopInstanceUid());
        assertEquals(kosWithLinks.seriesInstanceUid(), again.seriesInstanceUid());
    }

    /** CR/DX: the projection image is the key image, referenced with its own SOP class. */
    @Test
    void aProjectionImageIsItsOwnKeyImage() throws Exception {
        AttributeList kos = ResultWritersIT.read(kosDx.file());
        List<AttributeList> images = ofType(kos, "IMAGE");
        assertEquals(1, images.size());
        AttributeList ref =
                items(images.get(0), TagFromName.ReferencedSOPSequence).get(0);
        assertEquals(dx.ref(0).sopInstanceUid(), string(ref, TagFromName.ReferencedSOPInstanceUID));
        assertEquals(dx.ref(0).sopClassUid(), string(ref, TagFromName.ReferencedSOPClassUID));
    }

    @Test
    void dciodvfyFindsNoErrors() throws Exception {
        assertTrue(Dciodvfy.available(), "dciodvfy missing: ./aiworklist test installs the dicom3tools package");
        List<String> failures = new ArrayList<>();
        for (Path file : validated()) {
            for (String line : Dciodvfy.run(file)) {
                System.out.println("dciodvfy " + file.getFileName() + ": " + line);
                if (line.startsWith("Error")) {
                    failures.add(file + ": " + line);
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void pixelmedSrValidatorFindsNoErrors() throws Exception {
        DicomSRValidator validator = new DicomSRValidator();
        List<String> failures = new ArrayList<>();
        for (Path file : validated()) {
            String report = validator.validate(ResultWritersIT.read(file));
            report.lines()
                    .filter(l -> !l.isBlank())
                    .forEach(l -> System.out.println("SR validator " + file.getFileName() + ": " + l));
            report.lines().filter(l -> l.contains("Error")).forEach(l -> failures.add(file + ": " + l));
        }
        assertEquals(List.of(), failures);
    }
}
