package org.aiworklist.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.pixelmed.imageio.JPEGLosslessImageReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.aiworklist.dicom.codec.LosslessJpegImageReaderSpi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * JPEG Lossless (1.2.840.10008.1.2.4.57 and .70) is decoded by PixelMed's ImageIO reader (Debian
 * libpixelmed-imageio-java), which PixelMed picks when reading such files: dcmtk encodes, we compare pixel for
 * pixel with the uncompressed source.
 */
class LosslessJpegIT {
    /** Size of the hand-encoded streams. */
    private static final int W = 37;

    private static final int H = 23;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} bits, signed {1}")
    @CsvSource({"8, false", "12, false", "12, true", "16, false", "16, true"})
    void everyPredictorDecodesToTheSource(int bits, boolean signed) throws Exception {
        GrayscaleImages.Image source = GrayscaleImages.write(dir.resolve("source.dcm"), bits, signed);
        Path sv1 = Dcmtk.convert(List.of(source.file()), dir.resolve("sv1"), "dcmcjpeg", "+e1")
                .get(0);
        assertEquals(Uids.JPEG_LOSSLESS_SV1, GrayscaleImages.transferSyntax(sv1));
        assertArrayEquals(floats(source.samples()), DicomSliceReader.read(sv1).values(), "SV1");
        for (int predictor = 1; predictor <= 7; predictor++) {
            Path p = Dcmtk.convert(
                            List.of(source.file()),
                            dir.resolve("p" + predictor),
                            "dcmcjpeg",
                            "+el",
                            "+sv",
                            Integer.toString(predictor))
                    .get(0);
            assertEquals(Uids.JPEG_LOSSLESS, GrayscaleImages.transferSyntax(p));
            assertArrayEquals(floats(source.samples()), DicomSliceReader.read(p).values(), "predictor " + predictor);
        }
    }

    /** A point transform drops low bits before coding: the decoder must shift them back, as dcmtk does. */
    @ParameterizedTest(name = "{0} bits")
    @CsvSource({"8", "12", "16"})
    void pointTransformDecodesLikeDcmtk(int bits) throws Exception {
        GrayscaleImages.Image source = GrayscaleImages.write(dir.resolve("source.dcm"), bits, false);
        Path jpeg = Dcmtk.convert(List.of(source.file()), dir.resolve("pt"), "dcmcjpeg", "+el", "+sv", "1", "+pt", "2")
                .get(0);
        Path dcmtk = Dcmtk.convert(List.of(jpeg), dir.resolve("pt-dcmtk"), "dcmdjpeg")
                .get(0);
        float[] decoded = DicomSliceReader.read(jpeg).values();
        assertArrayEquals(DicomSliceReader.read(dcmtk).values(), decoded);
        int[] lowBitsDropped = Arrays.stream(source.samples()).map(v -> v & ~3).toArray();
        assertArrayEquals(floats(lowBitsDropped), decoded);
    }

    /** dcmtk cannot write restart intervals, so these streams come from a minimal encoder written for the test. */
    @Test
    void restartIntervalsAndEveryPredictorRoundTrip() throws Exception {
        int[] samples = samples(16);
        for (int predictor = 1; predictor <= 7; predictor++) {
            for (int restartRows : new int[] {0, 1, 4}) {
                BufferedImage image = read(encode(samples, 16, predictor, restartRows * W));
                assertEquals(W, image.getWidth());
                assertEquals(H, image.getHeight());
                assertArrayEquals(
                        samples,
                        image.getRaster().getSamples(0, 0, W, H, 0, (int[]) null),
                        "predictor " + predictor + ", restart rows " + restartRows);
            }
        }
    }

    @Test
    void truncatedFileIsAnIOException() throws Exception {
        GrayscaleImages.Image source = GrayscaleImages.write(dir.resolve("source.dcm"), 16, true);
        Path jpeg = Dcmtk.convert(List.of(source.file()), dir.resolve("sv1"), "dcmcjpeg", "+e1")
                .get(0);
        byte[] whole = Files.readAllBytes(jpeg);
        Path truncated = Files.write(dir.resolve("truncated.dcm"), Arrays.copyOf(whole, whole.length - 2000));
        assertThrows(IOException.class, () -> DicomSliceReader.read(truncated));
    }

    private static float[] floats(int[] samples) {
        float[] f = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            f[i] = samples[i];
        }
        return f;
    }

    /** Through the one "jpeg-lossless" reader registered: PixelMed's, by way of our provider. */
    private static BufferedImage read(byte[] jpeg) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg-lossless");
        ImageReader reader = readers.next();
        assertFalse(readers.hasNext(), "PixelMed would pick its own reader over ours");
        assertInstanceOf(LosslessJpegImageReaderSpi.class, reader.getOriginatingProvider());
        assertInstanceOf(JPEGLosslessImageReader.class, reader);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in);
            return reader.read(0);
        } finally {
            reader.dispose();
        }
    }

    private static int[] samples(int bits) {
        Random r = new Random(bits);
        int[] s = new int[W * H];
        for (int i = 0; i < s.length; i++) {
            s[i] = i % 5 == 0 ? r.nextInt(1 << bits) : (i * 13) % (1 << bits); // smooth, with outliers
        }
        return s;
    }

    /** T.81 Table H.1; a is left, b above, c above-left. */
    private static int predict(int predictor, int a, int b, int c) {
        return switch (predictor) {
            case 1 -> a;
            case 2 -> b;
            case 3 -> c;
            case 4 -> a + b - c;
            case 5 -> a + ((b - c) >> 1);
            case 6 -> b + ((a - c) >> 1);
            case 7 -> (a + b) >>> 1;
            default -> throw new IllegalArgumentException("predictor " + predictor);
        };
    }

    /** Process 14 encoder: one Huffman table giving every category a 5-bit code. */
    private static byte[] encode(int[] s, int precision, int predictor, int restartInterval) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xFF, (byte) 0xD8});
        out.write(new byte[] {(byte) 0xFF, (byte) 0xC4, 0, (byte) (2 + 1 + 16 + 17), 0x00});
        for (int length = 1; length <= 16; length++) {
            out.write(length == 5 ? 17 : 0);
        }
        for (int category = 0; category <= 16; category++) {
            out.write(category);
        }
        out.write(new byte[] {(byte) 0xFF, (byte) 0xC3, 0, 11, (byte) precision, 0, (byte) H, 0, (byte) W, 1, 1, 0x11, 0
        });
        if (restartInterval > 0) {
            out.write(
                    new byte[] {(byte) 0xFF, (byte) 0xDD, 0, 4, (byte) (restartInterval >> 8), (byte) restartInterval});
        }
        out.write(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0x00, (byte) predictor, 0, 0});
        BitWriter bits = new BitWriter(out);
        int restarts = 0;
        boolean restartRow = true;
        for (int y = 0; y < H; y++) {
            if (restartInterval > 0 && y > 0 && (y * W) % restartInterval == 0) {
                bits.flushWithOnes();
                out.write(new byte[] {(byte) 0xFF, (byte) (0xD0 + (restarts++ & 7))});
                restartRow = true;
            }
            for (int x = 0; x < W; x++) {
                int a = x > 0 ? s[y * W + x - 1] : 0;
                int b = y > 0 ? s[(y - 1) * W + x] : 0;
                int c = x > 0 && y > 0 ? s[(y - 1) * W + x - 1] : 0;
                int prediction =
                        restartRow ? (x == 0 ? 1 << (precision - 1) : a) : x == 0 ? b : predict(predictor, a, b, c);
                int d = (s[y * W + x] - prediction) & 0xFFFF;
                if (d >= 32768) {
                    d -= 65536;
                }
                int category = d == -32768 ? 16 : 32 - Integer.numberOfLeadingZeros(Math.abs(d));
                bits.write(category, 5);
                if (category > 0 && category < 16) {
                    bits.write(d > 0 ? d : d + (1 << category) - 1, category);
                }
            }
            restartRow = false;
        }
        bits.flushWithOnes();
        out.write(new byte[] {(byte) 0xFF, (byte) 0xD9});
        return out.toByteArray();
    }

    private static final class BitWriter {
        private final ByteArrayOutputStream out;
        private int buffer;
        private int count;

        BitWriter(ByteArrayOutputStream out) {
            this.out = out;
        }

        void write(int value, int n) {
            for (int i = n - 1; i >= 0; i--) {
                buffer = (buffer << 1) | ((value >> i) & 1);
                if (++count == 8) {
                    emit();
                }
            }
        }

        void flushWithOnes() {
            while (count != 0) {
                write(1, 1);
            }
        }

        private void emit() {
            out.write(buffer);
            if (buffer == 0xFF) {
                out.write(0); // byte stuffing
            }
            buffer = 0;
            count = 0;
        }
    }
}
