package org.aiworklist.dicom.codec;

import java.io.IOException;

/**
 * Decoder for lossless JPEG (ITU-T T.81 process 14, Huffman coded, predictors 1 to 7, point transform, restart
 * intervals), single component: what DICOM's JPEG Lossless transfer syntaxes (1.2.840.10008.1.2.4.57 and .70)
 * carry for CT, MR, CR and DX. The JDK's JPEG reader does not do process 14, and PixelMed's own codec is not
 * packaged by Debian.
 */
final class LosslessJpegDecoder extends JpegSegments {
    private static final int SOF3 = 0xC3;
    private static final int DHT = 0xC4;

    private final HuffmanTable[] tables = new HuffmanTable[4];
    private int restartInterval;

    private LosslessJpegDecoder(byte[] data) {
        super(data, "JPEG", "lossless JPEG", "JPEG process of SOF marker FF%02X is not lossless Huffman (process 14)");
    }

    static DecodedImage decode(byte[] data) throws IOException {
        return new LosslessJpegDecoder(data).readImage();
    }

    @Override
    boolean segment(int marker) throws IOException {
        switch (marker) {
            case SOF3 -> frameHeader();
            case DHT -> huffmanTables();
            case DRI -> {
                u16();
                restartInterval = u16();
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void huffmanTables() throws IOException {
        int end = pos + u16() - 2;
        while (pos < end) {
            int classAndId = u8();
            int[] counts = new int[17];
            int total = 0;
            for (int i = 1; i <= 16; i++) {
                counts[i] = u8();
                total += counts[i];
            }
            int[] symbols = new int[total];
            for (int i = 0; i < total; i++) {
                symbols[i] = u8();
            }
            tables[classAndId & 3] = new HuffmanTable(counts, symbols);
        }
    }

    @Override
    DecodedImage scan() throws IOException {
        int length = scanHeaderLength();
        u8(); // component selector
        HuffmanTable table = tables[u8() >> 4];
        int predictor = u8();
        u8(); // Se: unused in lossless mode
        int pointTransform = u8() & 0x0F;
        pos += length - 8;
        if (table == null || predictor > 7) {
            throw new IOException("scan names a missing Huffman table or predictor " + predictor);
        }
        short[] out = new short[width * height];
        int mask = (1 << (precision - pointTransform)) - 1;
        int initial = 1 << (precision - pointTransform - 1);
        BitReader bits = new BitReader();
        int untilRestart = restartInterval;
        boolean restartRow = true; // first row, or first row after a restart: predict from the left only
        int[] previous = new int[width];
        int[] current = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (restartInterval > 0 && untilRestart == 0) {
                    bits.restart();
                    untilRestart = restartInterval;
                    restartRow = true;
                }
                int prediction;
                if (restartRow && x == 0) {
                    prediction = initial;
                } else if (restartRow) {
                    prediction = current[x - 1];
                } else if (x == 0) {
                    prediction = previous[0];
                } else {
                    prediction = predict(predictor, current[x - 1], previous[x], previous[x - 1]);
                }
                current[x] = (prediction + bits.difference(table)) & mask;
                out[y * width + x] = (short) (current[x] << pointTransform);
                if (restartInterval > 0) {
                    untilRestart--;
                }
            }
            restartRow = false;
            int[] t = previous;
            previous = current;
            current = t;
        }
        return new DecodedImage(width, height, precision, out);
    }

    /** T.81 Table H.1; a is left, b above, c above-left. */
    static int predict(int predictor, int a, int b, int c) {
        return switch (predictor) {
            case 1 -> a;
            case 2 -> b;
            case 3 -> c;
            case 4 -> a + b - c;
            case 5 -> a + ((b - c) >> 1);
            case 6 -> b + ((a - c) >> 1);
            case 7 -> (a + b) >>> 1;
            default -> a; // predictor 0 is only for hierarchical mode; treat like 1
        };
    }

    /** Canonical Huffman code (T.81 Annex C and F.2.2.3): for each code length, the largest code and its index. */
    private static final class HuffmanTable {
        private final int[] maxCode = new int[18];
        private final int[] valueOffset = new int[17];
        private final int[] symbols;

        HuffmanTable(int[] counts, int[] symbols) {
            this.symbols = symbols;
            int code = 0;
            int k = 0;
            for (int length = 1; length <= 16; length++) {
                valueOffset[length] = k - code;
                code += counts[length];
                k += counts[length];
                maxCode[length] = counts[length] == 0 ? -1 : code - 1;
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
        }
    }

    /** Entropy-coded data: stuffed 0xFF00 bytes unstuffed, restart markers consumed by {@link #restart()}. */
    private final class BitReader {
        private int buffer;
        private int count;

        int bit() throws IOException {
            if (count == 0) {
                int b = u8();
                if (b == 0xFF) {
                    int next = u8();
                    if (next != 0) {
                        throw new IOException(String.format("unexpected marker FF%02X inside scan data", next));
                    }
                }
                buffer = b;
                count = 8;
            }
            count--;
            return (buffer >> count) & 1;
        }

        int bits(int n) throws IOException {
            int v = 0;
            for (int i = 0; i < n; i++) {
                v = v << 1 | bit();
            }
            return v;
        }

        /** One Huffman-coded difference (T.81 H.1.2.2): category SSSS, then SSSS extra bits; 16 means 32768. */
        int difference(HuffmanTable t) throws IOException {
            int code = bit();
            int length = 1;
            while (code > t.maxCode[length]) {
                code = code << 1 | bit();
                length++;
                if (length > 16) {
                    throw new IOException("bad Huffman code in scan");
                }
            }
            int ssss = t.symbols[code + t.valueOffset[length]];
            if (ssss == 0) {
                return 0;
            }
            if (ssss == 16) {
                return 32768;
            }
            int v = bits(ssss);
            return v < 1 << (ssss - 1) ? v - (1 << ssss) + 1 : v;
        }

        /** Drops the partial byte and steps over the RSTn marker that must follow. */
        void restart() throws IOException {
            count = 0;
            int b = u8();
            int marker = u8();
            if (b != 0xFF || marker < 0xD0 || marker > 0xD7) {
                throw new IOException("restart marker missing");
            }
        }
    }
}
