package org.aiworklist.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads a data set being spooled from the copy of its first bytes kept in memory, and from the spool file only
 * past them (positional reads on the channel it is written through). The header parse stops at Pixel Data and
 * the framing check skips values, so for most instances neither reads the file: no second pass over the data.
 */
final class SpooledDataSetStream extends InputStream {
    private final byte[] head;
    private final int headLength;
    private final FileChannel file;
    private final long fileOffset;
    private final long size;
    private long pos;

    /** The data set: {@code size} bytes at {@code fileOffset} in {@code file}, the first {@code headLength} in head. */
    SpooledDataSetStream(byte[] head, int headLength, FileChannel file, long fileOffset, long size) {
        this.head = head;
        this.headLength = headLength;
        this.file = file;
        this.fileOffset = fileOffset;
        this.size = size;
    }

    @Override
    public int read() throws IOException {
        if (pos < headLength && pos < size) {
            return head[(int) pos++] & 0xff;
        }
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - pos);
        if (pos < headLength) {
            n = Math.min(n, headLength - (int) pos);
            System.arraycopy(head, (int) pos, b, off, n);
        } else {
            n = file.read(ByteBuffer.wrap(b, off, n), fileOffset + pos);
            if (n < 0) {
                throw new IOException("spool file shorter than the data set received");
            }
        }
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long k = Math.max(0, Math.min(n, size - pos));
        pos += k;
        return k;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, size - pos);
    }
}
