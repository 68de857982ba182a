package org.aiworklist.dicom.codec;

import java.io.IOException;

/**
 * Byte-level reading of a JPEG-LS code stream (T.87 C.1, the syntax of T.81 B.1): markers and big-endian fields,
 * the segment walk up to the first scan and the single-component frame header.
 */
abstract class JpegSegments {
    static final int SOI = 0xD8;
    static final int EOI = 0xD9;
    static final int SOS = 0xDA;
    static final int DRI = 0xDD;

    final byte[] data;
    int pos;
    int width;
    int height;
    int precision;

    JpegSegments(byte[] data) {
        this.data = data;
    }

    /** Reads the segments this format uses ({@link #segment}) up to the first scan, and decodes that scan. */
    final DecodedImage readImage() throws IOException {
        expectStart();
        while (true) {
            int marker = nextMarker();
            if (marker == SOS) {
                if (width == 0) {
                    throw new IOException("scan before frame header");
                }
                return scan();
            }
            if (marker == EOI) {
                throw new IOException("JPEG-LS stream ends before a scan");
            }
            if (!segment(marker)) {
                if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                    throw new IOException(String.format("SOF marker FF%02X is not JPEG-LS", marker));
                }
                skipSegment();
            }
        }
    }

    /** Reads the segment of {@code marker} when this format uses it; false to have it skipped. */
    abstract boolean segment(int marker) throws IOException;

    /** Decodes the scan whose header follows the SOS marker; a frame header has been read. */
    abstract DecodedImage scan() throws IOException;

    /** SOFn: precision, size, and the one component decoded here. */
    void frameHeader() throws IOException {
        int length = u16();
        precision = u8();
        height = u16();
        width = u16();
        int components = u8();
        if (components != 1) {
            throw new IOException("only single-component JPEG-LS is decoded, not " + components);
        }
        pos += length - 8;
        if (precision < 2 || precision > 16 || width == 0 || height == 0) {
            throw new IOException("bad JPEG-LS frame: " + width + "x" + height + ", " + precision + " bits");
        }
    }

    /** The start of a scan header: its length, after checking that the scan has one component. */
    int scanHeaderLength() throws IOException {
        int length = u16();
        if (u8() != 1) {
            throw new IOException("only single-component scans are decoded");
        }
        return length;
    }

    /** The stream must open with SOI. */
    void expectStart() throws IOException {
        if (u8() != 0xFF || u8() != SOI) {
            throw new IOException("not a JPEG-LS stream (no SOI)");
        }
    }

    /** The next marker code, tolerating fill bytes between segments. */
    int nextMarker() throws IOException {
        int b = u8();
        while (b != 0xFF) {
            b = u8();
        }
        while (b == 0xFF) {
            b = u8();
        }
        return b;
    }

    /** Steps over a segment this decoder does not need (APPn, COM, DQT, ...). */
    void skipSegment() throws IOException {
        pos += u16() - 2;
    }

    int u8() throws IOException {
        if (pos >= data.length) {
            throw new IOException("JPEG-LS stream truncated");
        }
        return data[pos++] & 0xFF;
    }

    int u16() throws IOException {
        return u8() << 8 | u8();
    }
}
