package org.aiworklist.dicom.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** dcmtk cannot write restart intervals, so these streams come from a minimal encoder written for the test. */
class LosslessJpegDecoderTest {
    private static final int W = 37;
    private static final int H = 23;

    @Test
    void restartIntervalsAndEveryPredictorRoundTrip() throws Exception {
        short[] samples = samples(16);
        for (int predictor = 1; predictor <= 7; predictor++) {
            for (int restartRows : new int[]{0, 1, 4}) {
                byte[] jpeg = encode(samples, 16, predictor, restartRows * W);
                DecodedImage image = LosslessJpegDecoder.decode(jpeg);
                assertEquals(W, image.width());
                assertEquals(H, image.height());
                assertArrayEquals(samples, image.samples(), "predictor " + predictor + ", restart rows " + restartRows);
            }
        }
    }

    @Test
    void twelveBitSamplesRoundTrip() throws Exception {
        short[] samples = samples(12);
        assertArrayEquals(samples, LosslessJpegDecoder.decode(encode(samples, 12, 1, 0)).samples());
    }

    @Test
    void truncatedStreamFails() throws Exception {
        byte[] jpeg = encode(samples(16), 16, 1, 0);
        assertThrows(IOException.class, () -> LosslessJpegDecoder.decode(Arrays.copyOf(jpeg, jpeg.length / 2)));
    }

    private static short[] samples(int bits) {
        Random r = new Random(bits);
        short[] s = new short[W * H];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) (i % 5 == 0 ? r.nextInt(1 << bits) : (i * 13) % (1 << bits)); // smooth, with outliers
        }
        return s;
    }

    /** Process 14 encoder: one Huffman table giving every category a 5-bit code. */
    private static byte[] encode(short[] s, int precision, int predictor, int restartInterval) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[]{(byte) 0xFF, (byte) 0xD8});
        out.write(new byte[]{(byte) 0xFF, (byte) 0xC4, 0, (byte) (2 + 1 + 16 + 17), 0x00});
        for (int length = 1; length <= 16; length++) {
            out.write(length == 5 ? 17 : 0);
        }
        for (int category = 0; category <= 16; category++) {
            out.write(category);
        }
        out.write(new byte[]{(byte) 0xFF, (byte) 0xC3, 0, 11, (byte) precision, 0, (byte) H, 0, (byte) W, 1, 1, 0x11, 0});
        if (restartInterval > 0) {
            out.write(new byte[]{(byte) 0xFF, (byte) 0xDD, 0, 4, (byte) (restartInterval >> 8), (byte) restartInterval});
        }
        out.write(new byte[]{(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0x00, (byte) predictor, 0, 0});
        BitWriter bits = new BitWriter(out);
        int mask = (1 << precision) - 1;
        int restarts = 0;
        boolean restartRow = true;
        for (int y = 0; y < H; y++) {
            if (restartInterval > 0 && y > 0 && (y * W) % restartInterval == 0) {
                bits.flushWithOnes();
                out.write(new byte[]{(byte) 0xFF, (byte) (0xD0 + (restarts++ & 7))});
                restartRow = true;
            }
            for (int x = 0; x < W; x++) {
                int a = x > 0 ? s[y * W + x - 1] & mask : 0;
                int b = y > 0 ? s[(y - 1) * W + x] & mask : 0;
                int c = x > 0 && y > 0 ? s[(y - 1) * W + x - 1] & mask : 0;
                int prediction = restartRow ? (x == 0 ? 1 << (precision - 1) : a)
                        : x == 0 ? b : LosslessJpegDecoder.predict(predictor, a, b, c);
                int d = ((s[y * W + x] & mask) - prediction) & 0xFFFF;
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
        out.write(new byte[]{(byte) 0xFF, (byte) 0xD9});
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
                buffer = buffer << 1 | (value >> i) & 1;
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
