package org.aiworklist.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.aiworklist.common.ImageSlice;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DicomSliceReaderIT {
    @TempDir
    static Path dir;

    static Path original;
    static float[] expectedHu;

    @BeforeAll
    static void writeSeries() throws Exception {
        List<SeriesSlice> slices = TestSeries.slices(1, 64);
        original = TestSeries.writer("Doe^Jane")
                .write(slices, dir.resolve("orig"))
                .files()
                .get(0);
        short[] hu = slices.get(0).values();
        expectedHu = new float[hu.length];
        for (int i = 0; i < hu.length; i++) {
            expectedHu[i] = hu[i];
        }
    }

    @Test
    void readsHounsfieldUnitsAndGeometry() throws Exception {
        ImageSlice s = DicomSliceReader.read(original);
        assertArrayEquals(expectedHu, s.values());
        assertEquals("CT", s.modality());
        assertEquals(64, s.rows());
        assertArrayEquals(new double[] {-100, -120, -50}, s.imagePositionPatient());
        assertArrayEquals(new double[] {0.7, 0.7}, s.pixelSpacing());
        assertEquals(2.5, s.sliceThickness());
        assertEquals(Uids.CT_IMAGE_STORAGE, s.reference().sopClassUid());
    }

    @Test
    void losslessSyntaxesGiveTheSameHounsfieldUnits() throws Exception {
        assertSameHu(Dcmtk.convert(List.of(original), dir.resolve("implicit"), "dcmconv", "+ti")
                .get(0));
        assertSameHu(Dcmtk.convert(List.of(original), dir.resolve("deflate"), "dcmconv", "+td")
                .get(0));
        assertSameHu(
                Dcmtk.convert(List.of(original), dir.resolve("rle"), "dcmcrle").get(0));
    }

    @Test
    void jpegLosslessWithEveryPredictorGivesTheSameHounsfieldUnits() throws Exception {
        assertSameHu(Dcmtk.convert(List.of(original), dir.resolve("jpeg-sv1"), "dcmcjpeg", "+e1")
                .get(0));
        for (int predictor = 1; predictor <= 7; predictor++) {
            assertSameHu(Dcmtk.convert(
                            List.of(original),
                            dir.resolve("jpeg-p" + predictor),
                            "dcmcjpeg",
                            "+el",
                            "+sv",
                            Integer.toString(predictor))
                    .get(0));
        }
    }

    @Test
    void jpegLsLosslessGivesTheSameHounsfieldUnits() throws Exception {
        assertSameHu(
                Dcmtk.convert(List.of(original), dir.resolve("jls"), "dcmcjpls").get(0));
        assertSameHu(Dcmtk.convert(
                        List.of(original),
                        dir.resolve("jls-t"),
                        "dcmcjpls",
                        "+t1",
                        "5",
                        "+t2",
                        "20",
                        "+t3",
                        "90",
                        "+rs",
                        "32")
                .get(0)); // parameters signalled in an LSE segment
    }

    @Test
    void jpegLsNearLosslessDecodesLikeDcmtk() throws Exception {
        Path near = Dcmtk.convert(List.of(original), dir.resolve("jls-near"), "dcmcjpls", "+en", "+md", "3")
                .get(0);
        Path reference = Dcmtk.convert(List.of(near), dir.resolve("jls-near-dcmtk"), "dcmdjpls")
                .get(0);
        float[] decoded = DicomSliceReader.read(near).values();
        assertArrayEquals(DicomSliceReader.read(reference).values(), decoded);
        for (int i = 0; i < decoded.length; i++) {
            assertTrue(Math.abs(decoded[i] - expectedHu[i]) <= 3, "within NEAR of the original");
        }
    }

    @Test
    void eightBitJpegLsDecodes() throws Exception {
        Path jpeg = Dcmtk.convert(List.of(original), dir.resolve("jpeg8"), "dcmcjpeg", "+eb")
                .get(0);
        Path eightBit =
                Dcmtk.convert(List.of(jpeg), dir.resolve("eight"), "dcmdjpeg").get(0);
        Path jls = Dcmtk.convert(List.of(eightBit), dir.resolve("jls8"), "dcmcjpls")
                .get(0);
        assertArrayEquals(
                DicomSliceReader.read(eightBit).values(),
                DicomSliceReader.read(jls).values());
    }

    @Test
    void garbageIsAnIOException() throws Exception {
        Path garbage = dir.resolve("garbage.dcm");
        java.nio.file.Files.write(garbage, new byte[] {1, 2, 3, 4, 5});
        assertThrows(java.io.IOException.class, () -> DicomSliceReader.read(garbage));
    }

    private static void assertSameHu(Path file) throws Exception {
        assertArrayEquals(
                expectedHu,
                DicomSliceReader.read(file).values(),
                file.getParent().getFileName().toString());
    }
}
