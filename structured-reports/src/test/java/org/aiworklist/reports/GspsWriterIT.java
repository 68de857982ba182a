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
import org.aiworklist.common.Finding;
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
    SyntheticSources.Series dx;
    WrittenObject dxWritten;

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
        dx = SyntheticSources.dx(
                out.resolve("dx-sources"),
                new SyntheticSources.Patient("gsps-dx", null, "Test^Gsps^Dx", "SYN-9DX", null));
        Finding planar = new Finding(
                "ptx-1",
                ResultWritersIT.PNEUMOTHORAX,
                ResultWritersIT.LUNG,
                dx.ref(0),
                100,
                120,
                null,
                null,
                12.0,
                Double.NaN,
                0.8);
        List<WrittenObject> dxGsps = new GspsWriter(ResultWritersIT.DEVICE)
                .write(
                        new InferenceResult(ResultWritersIT.ALGORITHM, List.of(planar), dx.refs()),
                        dx.instances(),
                        new ResultIdentity(ResultWritersIT.ROOT, "job/gsps-dx", 1, null),
                        out.resolve("dx"));
        assertEquals(1, dxGsps.size(), "one GSPS for the projection image");
        dxWritten = dxGsps.get(0);
    }

    /** CR/DX: the circle on the projection image itself, in pixels, and the image's own window. */
    @Test
    void aProjectionImageGetsItsCircleInItsOwnWindow() throws Exception {
        AttributeList ps = ResultWritersIT.read(dxWritten.file());
        AttributeList voi = items(ps, PsTags.SOFTCOPY_VOI_LUT_SEQUENCE).get(0);
        assertEquals("2048", Attrs.string(voi, TagFromName.WindowCenter));
        assertEquals("4096", Attrs.string(voi, TagFromName.WindowWidth));
        Path image = dx.instances().get(0).file();
        List<double[]> found = circles(dxWritten.file(), image);
        assertEquals(1, found.size(), "dcmtk finds one circle on the DX image");
        double[] c = found.get(0);
        assertEquals(100.5, c[0], 1e-3);
        assertEquals(120.5, c[1], 1e-3);
        assertEquals(6.0 / SyntheticSources.DX_SPACING, Math.hypot(c[2] - c[0], c[3] - c[1]), 1e-3, "radius in px");
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
        for (Path file : List.of(written.get(0).file(), dxWritten.file())) {
            for (String line : Dciodvfy.run(file)) {
                System.out.println("dciodvfy " + file + ": " + line);
                if (line.startsWith("Error")) {
                    errors.add(file + ": " + line);
                }
            }
        }
        assertEquals(List.of(), errors);
    }

    private static final Path DCMP2PGM = Path.of("/usr/bin/dcmp2pgm");

    /**
     * dcmtk's dcmp2pgm applies the presentation state's Modality LUT, window, Presentation LUT and displayed area
     * to the pixels, but does not rasterise graphic or text annotations (DVPresentationState::getPixelData renders
     * only VOI/LUT, shutters and overlays); it does parse them for the attached image and prints them with -v. So
     * the check is: dcmtk finds the circles on the key slices and nowhere else, and on dcmtk's rendering in the
     * lung window each circle's centre is on the bright nodule and its ring encloses the nodule, with lung around.
     */
    @Test
    void dcmp2pgmDrawsTheKeySlicesInTheLungWindowWithCirclesOnTheNodules() throws Exception {
        assertTrue(java.nio.file.Files.isExecutable(DCMP2PGM), "dcmp2pgm missing: install the dcmtk package");
        Path gsps = written.get(0).file();
        assertEquals(List.of(), circles(gsps, 5), "no circle on a slice without findings");
        assertEquals(1, circles(gsps, 14).size());
        List<double[]> onSlice10 = circles(gsps, 10);
        assertEquals(2, onSlice10.size());

        int[][] with = render(gsps, 10);
        int[][] without = render(null, 10);
        // Lung window -600/1500 (PS3.3 C.11.2.1.2): lung -820 HU -> 90, nodule 30 HU -> 235, air -1000 HU -> 59.
        assertTrue(Math.abs(lungWindow(-820) - with[30][64]) <= 1, "lung far from the findings");
        assertTrue(Math.abs(lungWindow(-1000) - with[2][2]) <= 1, "air outside the body");
        assertTrue(Math.abs(lungWindow(30) - with[70][64]) <= 1, "nodule-1 centre");
        assertTrue(with[30][64] != without[30][64], "the presentation state's window is applied");
        for (double[] c : onSlice10) {
            double cx = c[0];
            double cy = c[1];
            double r = Math.hypot(c[2] - cx, c[3] - cy);
            int inside = 0;
            int outside = 0;
            for (int k = 0; k < 36; k++) {
                double t = Math.toRadians(k * 10);
                if (at(with, cx + 0.5 * r * Math.cos(t), cy + 0.5 * r * Math.sin(t)) >= lungWindow(30) - 1) {
                    inside++;
                }
                if (Math.abs(at(with, cx + 1.75 * r * Math.cos(t), cy + 1.75 * r * Math.sin(t)) - lungWindow(-820))
                        <= 1) {
                    outside++;
                }
            }
            System.out.printf(
                    java.util.Locale.ROOT,
                    "dcmp2pgm circle (%.2f,%.2f) r=%.2f px: centre %d, %d/36 inside bright, %d/36 outside lung%n",
                    cx,
                    cy,
                    r,
                    at(with, cx, cy),
                    inside,
                    outside);
            assertEquals(36, inside, "the circle's inside is the nodule");
            assertEquals(36, outside, "the ring encloses the nodule, lung around it");
        }
    }

    private static int lungWindow(double hu) {
        return (int) Math.round(((hu - (-600 - 0.5)) / (1500 - 1) + 0.5) * 255);
    }

    /** PIXEL units: the pixel whose area holds the point. */
    private static int at(int[][] img, double column, double row) {
        return img[(int) Math.floor(row)][(int) Math.floor(column)];
    }

    private List<double[]> circles(Path gsps, int slice) throws Exception {
        return circles(gsps, Path.of(slicePath(slice)));
    }

    /** The circles dcmtk's presentation state engine attaches to the image (dcmp2pgm -v lists them). */
    private List<double[]> circles(Path gsps, Path image) throws Exception {
        List<String> lines = dcmp2pgm(List.of(
                "-v",
                "-p",
                gsps.toString(),
                image.toString(),
                out.resolve("dump.pgm").toString()));
        List<double[]> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("type=circle")) {
                String coords =
                        lines.get(i + 1).replaceAll(".*coordinates:", "").trim();
                found.add(java.util.Arrays.stream(coords.split("[\\\\,]"))
                        .map(String::trim)
                        .filter(v -> !v.isEmpty())
                        .mapToDouble(Double::parseDouble)
                        .toArray());
            }
        }
        return found;
    }

    private String slicePath(int slice) {
        return ct.instances().get(slice).file().toString();
    }

    private int[][] render(Path gsps, int slice) throws Exception {
        Path pgm = out.resolve("slice-" + slice + (gsps == null ? "-plain" : "-gsps") + ".pgm");
        List<String> args = new ArrayList<>();
        if (gsps != null) {
            args.addAll(List.of("-p", gsps.toString()));
        }
        args.addAll(List.of(slicePath(slice), pgm.toString()));
        dcmp2pgm(args);
        byte[] b = java.nio.file.Files.readAllBytes(pgm);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("P5\\s+(\\d+)\\s+(\\d+)\\s+255\\s")
                .matcher(new String(b, 0, Math.min(b.length, 40), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertTrue(m.lookingAt(), "not an 8-bit PGM: " + pgm);
        int w = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        int[][] img = new int[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img[y][x] = b[m.end() + y * w + x] & 0xff;
            }
        }
        return img;
    }

    private static List<String> dcmp2pgm(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(DCMP2PGM.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "dcmp2pgm timed out");
        List<String> lines = new String(output, java.nio.charset.StandardCharsets.ISO_8859_1)
                .lines()
                .toList();
        assertEquals(0, p.exitValue(), "dcmp2pgm failed: " + lines);
        return lines;
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
