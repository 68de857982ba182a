package org.aiworklist.dicom.codec;

import java.io.IOException;

/**
 * JPEG-LS decoder (ITU-T T.87: LOCO-I context modelling, Golomb coding, run mode), single component, lossless
 * and near-lossless, default or LSE-signalled parameters: what DICOM's 1.2.840.10008.1.2.4.80 and .81 carry for
 * grayscale images. Restart intervals and point transform are refused with an IOException. Written here because
 * no maintained Java library decodes JPEG-LS: the JDK, PixelMed and TwelveMonkeys ImageIO have no JPEG-LS
 * reader, and the maintained codecs (CharLS, dcmtk's dcmjpls) are native C++.
 */
final class JpegLsDecoder extends JpegSegments {
    private static final int SOF55 = 0xF7;
    private static final int LSE = 0xF8;
    private static final int[] J = {
        0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15
    };
    private static final int CONTEXTS = 365;
    private static final int MIN_C = -128;
    private static final int MAX_C = 127;

    private int maxVal;
    private int t1;
    private int t2;
    private int t3;
    private int reset = 64;

    // scan state
    private int near;
    private int range;
    private int qbpp;
    private int limit;
    private final int[] a = new int[CONTEXTS];
    private final int[] b = new int[CONTEXTS];
    private final int[] c = new int[CONTEXTS];
    private final int[] n = new int[CONTEXTS];
    private final int[] runA = new int[2];
    private final int[] runN = new int[2];
    private final int[] runNn = new int[2];
    private int runIndex;
    private int bitBuffer;
    private int bitCount;

    private JpegLsDecoder(byte[] data) {
        super(data);
    }

    static DecodedImage decode(byte[] data) throws IOException {
        return new JpegLsDecoder(data).readImage();
    }

    @Override
    boolean segment(int marker) throws IOException {
        switch (marker) {
            case SOF55 -> frameHeader();
            case LSE -> presetParameters();
            case DRI -> throw new IOException("JPEG-LS restart intervals are not supported");
            default -> {
                return false;
            }
        }
        return true;
    }

    /** LSE id 1 (T.87 C.2.4.1.1): MAXVAL, T1, T2, T3, RESET; zero means "default". */
    private void presetParameters() throws IOException {
        int end = pos + u16() - 2;
        if (u8() == 1) {
            maxVal = u16();
            t1 = u16();
            t2 = u16();
            t3 = u16();
            int r = u16();
            reset = r == 0 ? 64 : r;
        }
        pos = end;
    }

    @Override
    DecodedImage scan() throws IOException {
        int length = scanHeaderLength();
        pos += 2; // component selector, mapping table
        near = u8();
        u8(); // interleave mode: irrelevant for one component
        if ((u8() & 0x0F) != 0) {
            throw new IOException("JPEG-LS point transform is not supported");
        }
        pos += length - 8;
        setUpParameters();
        int stride = width + 2; // one guard sample either side
        int[] previous = new int[stride];
        int[] current = new int[stride];
        short[] out = new short[width * height];
        for (int y = 0; y < height; y++) {
            int[] t = previous;
            previous = current;
            current = t;
            previous[width + 1] = previous[width];
            current[0] = previous[1];
            line(previous, current);
            for (int x = 0; x < width; x++) {
                out[y * width + x] = (short) current[x + 1];
            }
        }
        return new DecodedImage(width, height, precision, out);
    }

    /** Defaults of T.87 C.2.4.1.1 where the LSE segment gave none, and the derived coding parameters. */
    private void setUpParameters() {
        if (maxVal == 0) {
            maxVal = (1 << precision) - 1;
        }
        if (maxVal >= 128) {
            int factor = (Math.min(maxVal, 4095) + 128) / 256;
            t1 = t1 != 0 ? t1 : clamp(factor * (3 - 2) + 2 + 3 * near, near + 1);
            t2 = t2 != 0 ? t2 : clamp(factor * (7 - 3) + 3 + 5 * near, t1);
            t3 = t3 != 0 ? t3 : clamp(factor * (21 - 4) + 4 + 7 * near, t2);
        } else {
            int factor = 256 / (maxVal + 1);
            t1 = t1 != 0 ? t1 : clamp(Math.max(2, 3 / factor + 3 * near), near + 1);
            t2 = t2 != 0 ? t2 : clamp(Math.max(3, 7 / factor + 5 * near), t1);
            t3 = t3 != 0 ? t3 : clamp(Math.max(4, 21 / factor + 7 * near), t2);
        }
        range = (maxVal + 2 * near) / (2 * near + 1) + 1;
        qbpp = 32 - Integer.numberOfLeadingZeros(range - 1);
        int bpp = Math.max(2, 32 - Integer.numberOfLeadingZeros(maxVal));
        limit = 2 * (bpp + Math.max(8, bpp));
        int initialA = Math.max(2, (range + 32) / 64);
        java.util.Arrays.fill(a, initialA);
        java.util.Arrays.fill(n, 1);
        runA[0] = initialA;
        runA[1] = initialA;
        runN[0] = 1;
        runN[1] = 1;
    }

    private int clamp(int value, int low) {
        return value > maxVal || value < low ? low : value;
    }

    /** One line; {@code current[i + 1]} is sample i, index 0 and width + 1 are the guard samples. */
    private void line(int[] previous, int[] current) throws IOException {
        int x = 1;
        int rb = previous[0];
        int rd = previous[1];
        while (x <= width) {
            int ra = current[x - 1];
            int rc = rb;
            rb = rd;
            rd = previous[x + 1];
            int context = (quantize(rd - rb) * 9 + quantize(rb - rc)) * 9 + quantize(rc - ra);
            if (context != 0) {
                current[x] = regular(context, ra, rb, rc);
                x++;
            } else {
                x += runMode(x, previous, current);
                rb = previous[x - 1];
                rd = previous[x];
            }
        }
    }

    private int quantize(int d) {
        if (d <= -t3) {
            return -4;
        }
        if (d <= -t2) {
            return -3;
        }
        if (d <= -t1) {
            return -2;
        }
        if (d < -near) {
            return -1;
        }
        if (d <= near) {
            return 0;
        }
        if (d < t1) {
            return 1;
        }
        if (d < t2) {
            return 2;
        }
        if (d < t3) {
            return 3;
        }
        return 4;
    }

    /** Regular mode (T.87 A.4 to A.6). */
    private int regular(int context, int ra, int rb, int rc) throws IOException {
        int sign = context < 0 ? -1 : 1;
        int q = Math.abs(context);
        int prediction;
        if (rc >= Math.max(ra, rb)) {
            prediction = Math.min(ra, rb);
        } else if (rc <= Math.min(ra, rb)) {
            prediction = Math.max(ra, rb);
        } else {
            prediction = ra + rb - rc;
        }
        prediction = Math.max(0, Math.min(maxVal, prediction + sign * c[q]));
        int k = 0;
        while ((n[q] << k) < a[q]) {
            k++;
        }
        int mapped = golomb(k, limit);
        int error = (mapped & 1) == 0 ? mapped >> 1 : -((mapped + 1) >> 1);
        if (k == 0 && near == 0 && 2 * b[q] <= -n[q]) {
            error = -error - 1; // the alternative error mapping of T.87 A.5.2
        }
        update(q, error);
        return reconstruct(prediction, sign * error);
    }

    private void update(int q, int error) {
        b[q] += error * (2 * near + 1);
        a[q] += Math.abs(error);
        if (n[q] == reset) {
            a[q] >>= 1;
            b[q] >>= 1;
            n[q] >>= 1;
        }
        n[q]++;
        if (b[q] <= -n[q]) {
            b[q] += n[q];
            if (c[q] > MIN_C) {
                c[q]--;
            }
            if (b[q] <= -n[q]) {
                b[q] = -n[q] + 1;
            }
        } else if (b[q] > 0) {
            b[q] -= n[q];
            if (c[q] < MAX_C) {
                c[q]++;
            }
            if (b[q] > 0) {
                b[q] = 0;
            }
        }
    }

    private int reconstruct(int prediction, int error) {
        int value = prediction + error * (2 * near + 1);
        if (value < -near) {
            value += range * (2 * near + 1);
        } else if (value > maxVal + near) {
            value -= range * (2 * near + 1);
        }
        return Math.max(0, Math.min(maxVal, value));
    }

    /** Run mode (T.87 A.7): a run of Ra, then possibly one run-interruption sample. Returns samples decoded. */
    private int runMode(int x, int[] previous, int[] current) throws IOException {
        int ra = current[x - 1];
        int left = width - x + 1;
        int run = 0;
        while (bit() == 1) {
            int count = Math.min(1 << J[runIndex], left - run);
            run += count;
            if (count == 1 << J[runIndex]) {
                runIndex = Math.min(31, runIndex + 1);
            }
            if (run == left) {
                break;
            }
        }
        if (run != left && J[runIndex] > 0) {
            run += bits(J[runIndex]);
        }
        if (run > left) {
            throw new IOException("JPEG-LS run past the end of the line");
        }
        for (int i = 0; i < run; i++) {
            current[x + i] = ra;
        }
        if (run == left) {
            return run;
        }
        int end = x + run;
        int rb = previous[end];
        current[end] = interruption(ra, rb);
        runIndex = Math.max(0, runIndex - 1);
        return run + 1;
    }

    /** Run interruption sample (T.87 A.7.2). */
    private int interruption(int ra, int rb) throws IOException {
        int type = Math.abs(ra - rb) <= near ? 1 : 0;
        int temp = runA[type] + (runN[type] >> 1) * type;
        int k = 0;
        for (int nTest = runN[type]; nTest < temp; nTest <<= 1) {
            k++;
        }
        int mapped = golomb(k, limit - J[runIndex] - 1);
        int value = mapped + type;
        boolean map = (value & 1) == 1;
        int absolute = (value + (map ? 1 : 0)) / 2;
        int error = (k != 0 || 2 * runNn[type] >= runN[type]) == map ? -absolute : absolute;
        if (error < 0) {
            runNn[type]++;
        }
        runA[type] += (mapped + 1 - type) >> 1;
        if (runN[type] == reset) {
            runA[type] >>= 1;
            runN[type] >>= 1;
            runNn[type] >>= 1;
        }
        runN[type]++;
        return type == 1 ? reconstruct(ra, error) : reconstruct(rb, rb > ra ? error : -error);
    }

    /** Limited-length Golomb code (T.87 A.5.3). */
    private int golomb(int k, int limitHere) throws IOException {
        int escape = limitHere - (qbpp + 1);
        int high = 0;
        while (bit() == 0) {
            high++;
            if (high > escape) {
                throw new IOException("bad Golomb code in JPEG-LS scan");
            }
        }
        if (high == escape) {
            return bits(qbpp) + 1;
        }
        return k == 0 ? high : (high << k) + bits(k);
    }

    /** Scan bits: after an 0xFF byte the next byte carries only 7 bits (T.87 A.1, marker stuffing). */
    private int bit() throws IOException {
        if (bitCount == 0) {
            boolean afterFf = bitBuffer == 0xFF;
            bitBuffer = u8();
            bitCount = afterFf ? 7 : 8;
            if (afterFf && (bitBuffer & 0x80) != 0) {
                throw new IOException(String.format("marker FF%02X inside JPEG-LS scan data", bitBuffer));
            }
        }
        bitCount--;
        return (bitBuffer >> bitCount) & 1;
    }

    private int bits(int count) throws IOException {
        int v = 0;
        for (int i = 0; i < count; i++) {
            v = v << 1 | bit();
        }
        return v;
    }
}
