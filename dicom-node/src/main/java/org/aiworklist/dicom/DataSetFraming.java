package org.aiworklist.dicom;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Checks that a received data set is complete: every element length fits in what arrived, and every
 * undefined-length sequence, item and encapsulated pixel data is closed by its delimiter. Values are skipped,
 * not decoded. This catches what PixelMed only logs (a truncated Pixel Data element is reported, not thrown).
 * <p>
 * It also finds where the header ends (the first top-level element of group 0021 or above: everything the index
 * needs lies before it) and enforces {@link IngestLimits} while walking, before anything is parsed into memory:
 * the header's size, each element in it, and the inflated size of a deflated data set.
 */
final class DataSetFraming {
    /** The header is the elements before this tag; InstanceAttributes reads nothing beyond group 0020. */
    private static final int HEADER_END_TAG = 0x00210000;
    /** Explicit VRs with a reserved field and a 32-bit length (PS3.5 7.1.2). */
    private static final Set<String> LONG_VRS =
            Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");

    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_DELIMITER = 0xFFFEE00D;
    private static final int SEQUENCE_DELIMITER = 0xFFFEE0DD;
    private static final int MAX_DEPTH = 32;

    private final InputStream in;
    private final IngestLimits limits;
    private long remaining;
    /** Bytes of the (inflated) data set walked so far. */
    private long position;
    /** Where the header ends, or -1 while the walk is still inside it. */
    private long headerEnd = -1;

    private DataSetFraming(InputStream in, long remaining, IngestLimits limits) {
        this.in = in;
        this.remaining = remaining;
        this.limits = limits;
    }

    /**
     * Throws an IOException describing the first framing error of the {@code size} bytes of data set read, or an
     * {@link IngestLimitExceeded} for the first limit crossed. Returns the length of the header, in bytes of the
     * (inflated) data set.
     */
    static long check(InputStream dataSet, long size, String transferSyntaxUid, IngestLimits limits)
            throws IOException {
        InputStream raw = new BufferedInputStream(dataSet, 16_384);
        boolean explicit = !Uids.IMPLICIT_VR_LITTLE_ENDIAN.equals(transferSyntaxUid);
        DataSetFraming walk;
        if (Uids.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.equals(transferSyntaxUid)) {
            // skipping on an inflating stream reads, so its end is found without knowing the length
            walk = new DataSetFraming(
                    new BufferedInputStream(new InflaterInputStream(raw, new Inflater(true)), 16_384),
                    Long.MAX_VALUE,
                    limits);
        } else {
            walk = new DataSetFraming(raw, size, limits);
        }
        walk.elements(explicit, false, 0);
        walk.checkHeaderSize();
        return walk.headerEnd < 0 ? walk.position : walk.headerEnd;
    }

    /** Called where an element starts: everything walked so far that is header will be parsed into memory. */
    private void checkHeaderSize() throws IngestLimitExceeded {
        if (headerEnd < 0 && position > limits.maxHeaderBytes()) {
            throw new IngestLimitExceeded("the attributes before group 0021 exceed " + limits.maxHeaderBytes()
                    + " bytes (ingest.maxHeaderKb)");
        }
    }

    /** Walks elements until the end of data, or until an item delimiter when inside an item. */
    private void elements(boolean explicit, boolean inItem, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("sequences nested deeper than " + MAX_DEPTH);
        }
        while (true) {
            if (!inItem && atEnd()) {
                return;
            }
            checkHeaderSize();
            long start = position;
            int tag = tag();
            if (depth == 0 && headerEnd < 0 && Integer.compareUnsigned(tag, HEADER_END_TAG) >= 0) {
                headerEnd = start;
            }
            if (tag == ITEM_DELIMITER) {
                u32();
                if (inItem) {
                    return;
                }
                throw new IOException("item delimiter outside an item");
            }
            if ((tag >>> 16) == 0xFFFE) {
                throw new IOException(String.format("unexpected (FFFE,%04X) among elements", tag & 0xffff));
            }
            long length;
            String vr = null;
            if (explicit) {
                vr = new String(new byte[] {(byte) u8(), (byte) u8()}, StandardCharsets.US_ASCII);
                if (LONG_VRS.contains(vr)) {
                    skip(2);
                    length = u32();
                } else if (vr.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
                    length = u16();
                } else {
                    throw new IOException(
                            String.format("no valid VR in element (%04X,%04X)", tag >>> 16, tag & 0xffff));
                }
            } else {
                length = u32();
            }
            if (length == UNDEFINED) {
                // a sequence or encapsulated pixel data; an undefined-length UN holds implicit VR items (PS3.5 6.2.2)
                items(explicit && !"UN".equals(vr), depth);
            } else {
                if (headerEnd < 0 && !"SQ".equals(vr) && length > limits.maxElementBytes()) {
                    throw new IngestLimitExceeded(String.format(
                            "element (%04X,%04X) of %d bytes exceeds the %d-byte"
                                    + " limit for attributes parsed in memory (ingest.maxElementKb)",
                            tag >>> 16, tag & 0xffff, length, limits.maxElementBytes()));
                }
                skip(length);
            }
        }
    }

    private void items(boolean explicit, int depth) throws IOException {
        while (true) {
            checkHeaderSize();
            int tag = tag();
            long length = u32();
            if (tag == SEQUENCE_DELIMITER) {
                return;
            }
            if (tag != ITEM) {
                throw new IOException(String.format("expected an item, found (%04X,%04X)", tag >>> 16, tag & 0xffff));
            }
            if (length == UNDEFINED) {
                elements(explicit, true, depth + 1);
            } else {
                skip(length);
            }
        }
    }

    private boolean atEnd() throws IOException {
        if (remaining != Long.MAX_VALUE) {
            return remaining == 0;
        }
        in.mark(1);
        int b = in.read();
        in.reset();
        return b < 0;
    }

    private int tag() throws IOException {
        int group = u16();
        return group << 16 | u16();
    }

    private int u8() throws IOException {
        take(1);
        int b = in.read();
        if (b < 0) {
            throw new EOFException("data set ends inside an element header");
        }
        return b;
    }

    private int u16() throws IOException {
        return u8() | u8() << 8;
    }

    private long u32() throws IOException {
        return (u16() | (long) u16() << 16) & 0xFFFFFFFFL;
    }

    private void skip(long n) throws IOException {
        take(n);
        in.skipNBytes(n);
    }

    private void take(long n) throws IOException {
        position += n;
        if (remaining == Long.MAX_VALUE) {
            if (position > limits.maxInstanceBytes()) {
                throw new IngestLimitExceeded("the deflated data set inflates past " + limits.maxInstanceBytes()
                        + " bytes (ingest.maxInstanceMb)");
            }
            return;
        }
        if (n > remaining) {
            throw new EOFException("data set truncated: an element needs " + n + " bytes, " + remaining + " left");
        }
        remaining -= n;
    }
}
