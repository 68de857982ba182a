package org.aiworklist.dicom.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.ByteFrameSource;
import java.nio.file.Path;
import java.util.List;
import org.aiworklist.dicom.Dcmtk;
import org.aiworklist.dicom.DicomSliceReader;
import org.aiworklist.dicom.GrayscaleImages;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * JPEG-LS streams made by dcmtk's dcmcjpls (CharLS) from 8-, 12- and 16-bit images, lossless and near-lossless,
 * decoded by {@link JpegLsDecoder} and compared sample for sample with dcmtk's own decode (dcmdjpls): the two
 * decoders must agree exactly, and both must be within NEAR of the source. JPEG-LS codes the stored bit
 * patterns, so signed samples are compared as such.
 */
class JpegLsDecoderIT {
    private static final String LOSSLESS = "1.2.840.10008.1.2.4.80";
    private static final String NEAR_LOSSLESS = "1.2.840.10008.1.2.4.81";

    @TempDir
    Path dir;

    /**
     * dcmcjpls's "cooked" lossless mode and near-lossless code Bits Stored as the sample precision; its default
     * "raw" lossless mode codes the whole 16-bit word. dcmcjpls refuses near-lossless for signed pixels, and its
     * cooked mode fails a CharLS assertion on signed 12-bit samples (sign-extended words reach a 12-bit coder).
     */
    @ParameterizedTest(name = "{0} bits, signed {1}, dcmcjpls {2}")
    @CsvSource({
        "8, false, +el +pc, 0, 8",
        "12, false, +el +pc, 0, 12",
        "16, false, +el +pc, 0, 16",
        "16, true, +el +pc, 0, 16",
        "12, false, +el +pr, 0, 16",
        "12, true, +el +pr, 0, 16",
        "8, false, +en +md 2, 2, 8",
        "12, false, +en +md 2, 2, 12",
        "16, false, +en +md 2, 2, 16"
    })
    void decodesLikeDcmtk(int bits, boolean signed, String options, int near, int precision) throws Exception {
        GrayscaleImages.Image source = GrayscaleImages.write(dir.resolve("source.dcm"), bits, signed);
        Path jls = Dcmtk.convert(List.of(source.file()), dir.resolve("jls"), "dcmcjpls", options.split(" "))
                .get(0);
        assertEquals(near == 0 ? LOSSLESS : NEAR_LOSSLESS, GrayscaleImages.transferSyntax(jls));
        Path dcmtk =
                Dcmtk.convert(List.of(jls), dir.resolve("dcmtk"), "dcmdjpls").get(0);

        DecodedImage image = JpegLsDecoder.decode(frame(jls));
        assertEquals(GrayscaleImages.COLUMNS, image.width());
        assertEquals(GrayscaleImages.ROWS, image.height());
        assertEquals(precision, image.precision());
        int mask = (1 << bits) - 1;
        int[] ours = new int[image.samples().length];
        for (int i = 0; i < ours.length; i++) {
            ours[i] = image.samples()[i] & mask;
        }
        float[] reference = DicomSliceReader.read(dcmtk).values();
        int[] theirs = new int[reference.length];
        for (int i = 0; i < theirs.length; i++) {
            theirs[i] = (int) reference[i] & mask;
        }
        assertArrayEquals(theirs, ours, "same samples as dcmtk");

        int worst = 0;
        for (int i = 0; i < ours.length; i++) {
            worst = Math.max(worst, Math.abs(ours[i] - (source.samples()[i] & mask)));
        }
        assertTrue(worst <= near, "deviation from the source " + worst + ", NEAR " + near);
        assertTrue(near == 0 || worst > 0, "near-lossless coding changed nothing: the test would prove little");
    }

    /** The compressed frame as stored in the file. */
    private static byte[] frame(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        list.read(file.toFile());
        return ((ByteFrameSource) list.getPixelData()).getByteValuesForSelectedFrame(0);
    }
}
