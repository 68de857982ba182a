package org.aiworklist.dicom;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The File Meta Information of a PS3.10 file, read without a toolkit: what the SCU needs to choose a
 * presentation context, and where the data set starts so it can be sent byte for byte.
 */
record Part10File(Path path, String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                  long dataSetOffset, long dataSetLength) {

    static Part10File read(Path path) throws IOException {
        long size = Files.size(path);
        try (InputStream raw = Files.newInputStream(path);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 4096))) {
            byte[] preamble = new byte[132];
            in.readFully(preamble);
            if (!new String(preamble, 128, 4, StandardCharsets.US_ASCII).equals("DICM")) {
                throw new IOException("not a DICOM Part 10 file (no DICM prefix)");
            }
            long offset = 132;
            String sopClass = null;
            String sopInstance = null;
            String ts = null;
            byte[] head = new byte[8];
            ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
            while (true) {
                in.mark(8);
                int n = in.readNBytes(head, 0, 8);
                if (n < 8 || h.getShort(0) != 2) {
                    break; // end of group 0002: the data set starts here
                }
                int element = h.getShort(2) & 0xffff;
                String vr = new String(head, 4, 2, StandardCharsets.US_ASCII);
                long length;
                int headerLength = 8;
                if (vr.equals("OB") || vr.equals("OW") || vr.equals("UN") || vr.equals("SQ") || vr.equals("UT")) {
                    length = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
                    headerLength = 12;
                } else {
                    length = h.getShort(6) & 0xffff;
                }
                if (length > 65_536) {
                    throw new IOException("implausible meta header element length " + length);
                }
                byte[] value = new byte[(int) length];
                in.readFully(value);
                offset += headerLength + length;
                switch (element) {
                    case 0x0002 -> sopClass = uid(value);
                    case 0x0003 -> sopInstance = uid(value);
                    case 0x0010 -> ts = uid(value);
                    default -> { }
                }
            }
            if (sopClass == null || sopInstance == null || ts == null) {
                throw new IOException("meta header lacks SOP class, SOP instance or transfer syntax");
            }
            return new Part10File(path, sopClass, sopInstance, ts, offset, size - offset);
        } catch (EOFException e) {
            throw new IOException("file ends inside its meta header", e);
        }
    }

    private static String uid(byte[] value) {
        int end = value.length;
        while (end > 0 && (value[end - 1] == 0 || value[end - 1] == ' ')) {
            end--;
        }
        return new String(value, 0, end, StandardCharsets.US_ASCII);
    }
}
