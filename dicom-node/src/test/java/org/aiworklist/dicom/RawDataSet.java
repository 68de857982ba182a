package org.aiworklist.dicom;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Explicit VR Little Endian data sets written element by element, for inputs no toolkit would produce: huge
 * private values, missing or over-long UIDs. A value of any size can be zeros streamed on demand.
 */
final class RawDataSet {
    static final String CT_IMAGE = Uids.CT_IMAGE_STORAGE;
    private static final Set<String> LONG_LENGTH_VRS = Set.of("OB", "OW", "SQ", "UN", "UT");
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private long zeros;
    private final ByteArrayOutputStream tail = new ByteArrayOutputStream();

    /** A CT image's identifying attributes; {@code studyUid} null leaves the Study Instance UID out. */
    static RawDataSet ct(String sopInstanceUid, String studyUid) {
        RawDataSet d = new RawDataSet();
        d.text(0x00080016, "UI", CT_IMAGE)
                .text(0x00080018, "UI", sopInstanceUid)
                .text(0x00080060, "CS", "CT")
                .text(0x00100010, "PN", "Raw^Test")
                .text(0x00100020, "LO", "RAW-1");
        if (studyUid != null) {
            d.text(0x0020000D, "UI", studyUid);
        }
        return d.text(0x0020000E, "UI", "1.2.3.4.5." + Math.abs((long) sopInstanceUid.hashCode()));
    }

    RawDataSet text(int tag, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        if (v.length % 2 == 1) {
            v = Arrays.copyOf(v, v.length + 1);
            v[v.length - 1] = (byte) ("UI".equals(vr) ? 0 : ' ');
        }
        header(current(), tag, vr, v.length);
        current().writeBytes(v);
        return this;
    }

    /** An OB element of {@code length} zero bytes, streamed (only one such element per data set). */
    RawDataSet zerosOb(int tag, long length) {
        header(head, tag, "OB", length);
        zeros = length;
        return this;
    }

    /** Native Pixel Data of {@code length} zero bytes (streamed when it is the data set's zero element). */
    RawDataSet pixelData(long length) {
        return zerosOb(0x7FE00010, length);
    }

    long length() {
        return head.size() + zeros + tail.size();
    }

    InputStream stream() {
        return new SequenceInputStream(
                new SequenceInputStream(new ByteArrayInputStream(head.toByteArray()), new Zeros(zeros)),
                new ByteArrayInputStream(tail.toByteArray()));
    }

    /** The data set deflated as PS3.5 A.5 asks (raw deflate, no zlib header). */
    byte[] deflated() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try (OutputStream d = new DeflaterOutputStream(out, deflater, 1 << 16);
                InputStream in = stream()) {
            in.transferTo(d);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    private ByteArrayOutputStream current() {
        return zeros > 0 ? tail : head;
    }

    private static void header(ByteArrayOutputStream out, int tag, String vr, long length) {
        boolean longForm = LONG_LENGTH_VRS.contains(vr);
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) (tag >>> 16)).putShort((short) tag).put(vr.getBytes(StandardCharsets.US_ASCII));
        if (longForm) {
            b.putShort((short) 0).putInt((int) length);
        } else {
            b.putShort((short) length);
        }
        out.write(b.array(), 0, b.position());
    }

    /** {@code n} zero bytes without holding them. */
    private static final class Zeros extends InputStream {
        private long left;

        Zeros(long n) {
            left = n;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
