package org.aiworklist.dicom.codec;

import java.io.IOException;

/** Byte-level reading of a JPEG-family code stream (T.81 B.1, T.87 C.1): markers and big-endian fields. */
abstract class JpegSegments {
    static final int SOI = 0xD8;
    static final int EOI = 0xD9;
    static final int SOS = 0xDA;
    static final int DRI = 0xDD;

    final byte[] data;
    int pos;
    private final String format;

    JpegSegments(byte[] data, String format) {
        this.data = data;
        this.format = format;
    }

    /** The stream must open with SOI. */
    void expectStart() throws IOException {
        if (u8() != 0xFF || u8() != SOI) {
            throw new IOException("not a " + format + " stream (no SOI)");
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
            throw new IOException(format + " stream truncated");
        }
        return data[pos++] & 0xFF;
    }

    int u16() throws IOException {
        return u8() << 8 | u8();
    }
}
