package org.aiworklist.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.reports.dicom.Attrs;
import org.aiworklist.reports.gsps.PsTags;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Writes the GSPS for a synthetic CT with three nodules on two slices, then checks it with dciodvfy and with
 * dcmtk's dcmp2pgm rendering. Outputs stay under target/gsps for inspection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GspsWriterIT {
    final Path out = Path.of("target", "gsps");
    SyntheticSources.Series ct;
    InferenceResult result;
    ResultIdentity id = new ResultIdentity(ResultWritersIT.ROOT, "job/gsps", 1, null);
    List<WrittenObject> written;

    @BeforeAll
    void write() throws IOException {
        ct = SyntheticSources.ct(
                out.resolve("sources"),
                new SyntheticSources.Patient("gsps", null, "Test^Gsps", "SYN-9", "CHEST"),
                20,
                new int[][] {{64, 70, 10}, {40, 50, 14}, {90, 60, 10}});
        result = new InferenceResult(
                ResultWritersIT.ALGORITHM,
                List.of(
                        ResultWritersIT.volumetric("nodule-1", ct, 64, 70, 10, 5.6, 92.0, 0.91),
                        ResultWritersIT.volumetric("nodule-2", ct, 40, 50, 14, 4.2, Double.NaN, 0.998),
                        ResultWritersIT.volumetric("nodule-3", ct, 90, 60, 10, 6.0, 113.1, 0.72)),
                ct.refs());
        written = new GspsWriter(ResultWritersIT.DEVICE).write(result, ct.instances(), id, out.resolve("out"));
    }

    @Test
    void oneGspsForTheSeries() throws Exception {
        assertEquals(1, written.size());
        WrittenObject w = written.get(0);
        assertEquals(SOPClass.GrayscaleSoftcopyPresentationStateStorage, w.sopClassUid());
        assertEquals(new DerivedUids(id).gspsInstance(ct.ref(0).seriesInstanceUid()), w.sopInstanceUid());
        AttributeList ps = ResultWritersIT.read(w.file());
        assertEquals("PR", Attrs.string(ps, TagFromName.Modality));
        assertEquals("AI_FINDINGS", Attrs.string(ps, TagFromName.ContentLabel));
        assertEquals(ct.ref(0).studyInstanceUid(), Attrs.string(ps, TagFromName.StudyInstanceUID));
        assertEquals("Test^Gsps", Attrs.string(ps, TagFromName.PatientName));
        assertEquals(
                20,
                items(items(ps, TagFromName.ReferencedSeriesSequence).get(0), TagFromName.ReferencedImageSequence)
                        .size());
        AttributeList voi = items(ps, PsTags.SOFTCOPY_VOI_LUT_SEQUENCE).get(0);
        assertEquals("-600", Attrs.string(voi, TagFromName.WindowCenter));
        assertEquals("1500", Attrs.string(voi, TagFromName.WindowWidth));
        assertEquals("IDENTITY", Attrs.string(ps, TagFromName.PresentationLUTShape));
    }

    @Test
    void aResultWithoutFindingsGivesNoGsps() throws IOException {
        InferenceResult none = new InferenceResult(ResultWritersIT.ALGORITHM, List.of(), ct.refs());
        assertEquals(
                List.of(), new GspsWriter(ResultWritersIT.DEVICE).write(none, ct.instances(), id, out.resolve("none")));
    }

    @Test
    void circlesAndLabelsOnTheKeySlices() throws Exception {
        AttributeList ps = ResultWritersIT.read(written.get(0).file());
        List<AttributeList> annotations = items(ps, TagFromName.GraphicAnnotationSequence);
        assertEquals(3, annotations.size(), "two key slices and the disclaimer");
        AttributeList slice10 = annotations.get(0);
        assertEquals(
                ct.ref(10).sopInstanceUid(),
                Attrs.string(
                        items(slice10, TagFromName.ReferencedImageSequence).get(0),
                        TagFromName.ReferencedSOPInstanceUID));
        AttributeList circle = items(slice10, PsTags.GRAPHIC_OBJECT_SEQUENCE).get(0);
        assertEquals("CIRCLE", Attrs.string(circle, TagFromName.GraphicType));
        double[] d = Attrs.doubles(circle, TagFromName.GraphicData);
        assertEquals(64.5, d[0], 1e-3);
        assertEquals(70.5, d[1], 1e-3);
        assertEquals(64.5 + 2.8 / SyntheticSources.CT_SPACING, d[2], 1e-3);
        assertEquals(70.5, d[3], 1e-3);
        List<String> texts = new ArrayList<>();
        annotations.forEach(a -> items(a, PsTags.TEXT_OBJECT_SEQUENCE)
                .forEach(t -> texts.add(Attrs.string(t, PsTags.UNFORMATTED_TEXT_VALUE))));
        assertEquals("AI nodule-1: Nodule 5.6 mm p=0.91", texts.get(0));
        assertEquals("AI nodule-2: Nodule 4.2 mm p=0.998", texts.get(2));
        assertTrue(texts.get(3).startsWith("AI RESULT - NOT FOR PRIMARY DIAGNOSIS"), texts.get(3));
        assertTrue(texts.get(3).endsWith("synthetic demonstrator, no clinical validity"), texts.get(3));
    }

    @Test
    void dciodvfyFindsNoErrors() throws Exception {
        assertTrue(Dciodvfy.available(), "dciodvfy missing: ./aiworklist test installs the dicom3tools package");
        List<String> errors = new ArrayList<>();
        for (String line : Dciodvfy.run(written.get(0).file())) {
            System.out.println("dciodvfy gsps: " + line);
            if (line.startsWith("Error")) {
                errors.add(line);
            }
        }
        assertEquals(List.of(), errors);
    }

    static List<AttributeList> items(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        List<AttributeList> out = new ArrayList<>();
        if (list.get(tag) instanceof SequenceAttribute s) {
            for (int i = 0; i < s.getNumberOfItems(); i++) {
                out.add(s.getItem(i).getAttributeList());
            }
        }
        return out;
    }
}
