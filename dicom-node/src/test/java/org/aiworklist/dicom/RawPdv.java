package org.aiworklist.dicom;

/** PDV items (PS3.8 9.3.5.1) written by hand, for P-DATA-TF bodies no SCU would send. */
final class RawPdv {
    private RawPdv() {}

    /** One PDV item: item length, presentation context, message control header, then {@code value}. */
    static byte[] item(int contextId, int messageControlHeader, byte[] value) {
        byte[] item = new byte[6 + value.length];
        int len = 2 + value.length;
        item[0] = (byte) (len >>> 24);
        item[1] = (byte) (len >>> 16);
        item[2] = (byte) (len >>> 8);
        item[3] = (byte) len;
        item[4] = (byte) contextId;
        item[5] = (byte) messageControlHeader;
        System.arraycopy(value, 0, item, 6, value.length);
        return item;
    }
}
